using CzPick.Core.Picking;

namespace CzPick.Pipeline.Contracts;

/// <summary>The picks of one block, stored as <c>work/{instance}/blocks/{block}.json</c>.</summary>
/// <param name="Instance">The orchestration instance id.</param>
/// <param name="Block">The block's index.</param>
/// <param name="Picks">The picks whose centroid lies in the block's core, in Å of the whole volume.</param>
/// <param name="InferenceSeconds">The time spent reading, predicting and picking the block.</param>
public sealed record BlockResult(string Instance, int Block, IReadOnlyList<Pick> Picks, double InferenceSeconds);
