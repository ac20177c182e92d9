namespace CzPick.Core.Picking;

/// <summary>One watershed region kept as a particle, in voxels of the array it was found in.</summary>
/// <param name="Z">The centroid's section (mean z of the region's voxels).</param>
/// <param name="Y">The centroid's row.</param>
/// <param name="X">The centroid's column.</param>
/// <param name="VoxelCount">The region's size in voxels (regionprops' area).</param>
/// <param name="Score">The mean class probability over the region.</param>
public readonly record struct Detection(double Z, double Y, double X, long VoxelCount, float Score);
