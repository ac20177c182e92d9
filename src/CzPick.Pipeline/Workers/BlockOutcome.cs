namespace CzPick.Pipeline.Workers;

/// <summary>How <see cref="BlockWorker"/> settled one delivery of a block.</summary>
public enum BlockOutcome
{
    /// <summary>Picked, stored, replied, completed.</summary>
    Picked,

    /// <summary>The block's result was stored already (a re-delivery): replied again from it, completed.</summary>
    Reannounced,

    /// <summary>Failed; given back for another delivery.</summary>
    Retrying,

    /// <summary>Failed for good (bad input, or too many deliveries): the run was told why, the block dead-lettered.</summary>
    DeadLettered,

    /// <summary>The worker is stopping: given back unfinished for another worker.</summary>
    Abandoned,
}
