namespace CzPick.Pipeline.Contracts;

/// <summary>The input of <c>PlanRun</c>.</summary>
/// <param name="Instance">The orchestration instance id; the plan is written under <c>work/{instance}/</c>.</param>
/// <param name="Run">The run name.</param>
/// <param name="Tomogram">The tomogram blob, "tomograms/{name}".</param>
/// <param name="ETag">The blob's ETag; reads are pinned to it.</param>
/// <param name="Ensemble">The model ensemble, whose window and particles set the block geometry.</param>
/// <param name="BlockCount">The least number of blocks to cut the tomogram into.</param>
public sealed record PlanRequest(string Instance, string Run, string Tomogram, string ETag, string Ensemble, int BlockCount);
