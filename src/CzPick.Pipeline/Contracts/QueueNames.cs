namespace CzPick.Pipeline.Contracts;

/// <summary>The Storage queues of the pipeline (docs/configuration.md).</summary>
public static class QueueNames
{
    /// <summary>Worker replies, one per block: the Functions <c>BlockDone</c> trigger's queue.</summary>
    public const string BlockResults = "block-results";

    /// <summary>Completion events, when the events transport is a Storage queue (the default name).</summary>
    public const string PickingEvents = "picking-events";

    /// <summary>The work queue (the default name).</summary>
    public const string PickingBlocks = "picking-blocks";

    /// <summary>Returns the dead-letter queue of a Storage queue, the Functions runtime's convention.</summary>
    /// <param name="queue">The queue.</param>
    /// <returns><c>{queue}-poison</c>.</returns>
    public static string Poison(string queue) => $"{queue}-poison";
}
