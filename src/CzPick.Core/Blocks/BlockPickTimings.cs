namespace CzPick.Core.Blocks;

/// <summary>Where a block picker's time went, summed over every block it picked (blocks that ran at once add up).</summary>
/// <param name="Blocks">The blocks picked.</param>
/// <param name="InputVoxels">The input voxels of those blocks.</param>
/// <param name="Read">Reading the inputs from the source.</param>
/// <param name="Normalize">The z-score.</param>
/// <param name="Blend">Predicting every window and blending (the predictor included).</param>
/// <param name="Softmax">Softmax over the channels.</param>
/// <param name="Pick">Picking every class.</param>
public sealed record BlockPickTimings(int Blocks, long InputVoxels, TimeSpan Read, TimeSpan Normalize, TimeSpan Blend, TimeSpan Softmax, TimeSpan Pick);
