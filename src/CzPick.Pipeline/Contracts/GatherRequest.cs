namespace CzPick.Pipeline.Contracts;

/// <summary>The input of <c>GatherPicks</c>.</summary>
/// <param name="Instance">The orchestration instance id.</param>
/// <param name="Run">The run name.</param>
/// <param name="Plan">The plan blob.</param>
/// <param name="BlockCount">The number of blocks whose results to gather.</param>
/// <param name="Started">When the orchestration started, for the summary's end-to-end time.</param>
public sealed record GatherRequest(string Instance, string Run, string Plan, int BlockCount, DateTimeOffset Started);
