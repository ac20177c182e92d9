namespace CzPick.Pipeline.Contracts;

/// <summary>The output of a completed <c>PickTomogram</c> orchestration.</summary>
/// <param name="Run">The run name.</param>
/// <param name="Instance">The orchestration instance id.</param>
/// <param name="BlockCount">The number of blocks.</param>
/// <param name="Outputs">Where the picks are.</param>
/// <param name="InferenceSeconds">The sum of the blocks' inference times (first reply of each block).</param>
/// <param name="ResentBlocks">How many block sends were re-sends after a timeout.</param>
/// <param name="DuplicateReplies">How many replies arrived for blocks already done (re-deliveries), and were ignored.</param>
public sealed record RunResult(
    string Run,
    string Instance,
    int BlockCount,
    RunOutputs Outputs,
    double InferenceSeconds,
    int ResentBlocks,
    int DuplicateReplies);
