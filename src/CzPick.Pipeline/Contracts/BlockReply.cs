namespace CzPick.Pipeline.Contracts;

/// <summary>
/// A worker's reply on the <c>block-results</c> queue, raised on the orchestration as the <c>BlockDone</c> event.
/// The picks themselves stay in <c>work/{instance}/blocks/{block}.json</c>.
/// </summary>
/// <param name="Instance">The orchestration instance id.</param>
/// <param name="Block">The block's index.</param>
/// <param name="PickCount">The number of picks in the block's core.</param>
/// <param name="InferenceSeconds">The time the worker spent reading, predicting and picking this block.</param>
/// <param name="Error">Why the block failed for good (it was dead-lettered); null when it succeeded.</param>
public sealed record BlockReply(string Instance, int Block, int PickCount, double InferenceSeconds, string? Error = null);
