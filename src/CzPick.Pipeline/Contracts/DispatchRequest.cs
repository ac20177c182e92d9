namespace CzPick.Pipeline.Contracts;

/// <summary>The input of <c>DispatchBlocks</c>: some blocks of a plan to put on the work queue.</summary>
/// <param name="Instance">The orchestration instance id, which replies are raised on.</param>
/// <param name="Plan">The plan blob.</param>
/// <param name="Blocks">The indices of the blocks to send.</param>
/// <param name="Attempt">1 for the first send, then one more for each re-send after a timeout.</param>
public sealed record DispatchRequest(string Instance, string Plan, IReadOnlyList<int> Blocks, int Attempt);
