using CzPick.Core.Geometry;

namespace CzPick.Core.Blocks;

/// <summary>
/// The unit of distributed work: a core region of the output, and the larger input region (core plus a halo of at
/// least the largest particle diameter, clipped at the volume's edges) that is read and predicted to pick it.
/// </summary>
/// <param name="Index">The block's position in its plan, 0-based.</param>
/// <param name="Core">The voxels this block answers for: only picks whose centroid lies here are kept.</param>
/// <param name="Input">The voxels read and predicted; contains <paramref name="Core"/>.</param>
public sealed record Block(int Index, Box3 Core, Box3 Input);
