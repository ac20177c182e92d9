using CzPick.Core.Geometry;

namespace CzPick.Core.Blocks;

/// <summary>A volume cut into blocks whose cores tile it exactly once.</summary>
/// <param name="Volume">The volume's extent.</param>
/// <param name="Counts">The number of cores along each axis.</param>
/// <param name="Blocks">The blocks, z outermost, x innermost; Index is the position in this list.</param>
public sealed record BlockPlan(Shape3 Volume, Shape3 Counts, IReadOnlyList<Block> Blocks)
{
    /// <summary>Gets the voxels of the largest input.</summary>
    public long MaxInputVoxels => this.Blocks.Max(b => b.Input.Size.VoxelCount);

    /// <summary>Gets the voxels read over all blocks, divided by the volume's: the cost of the halos.</summary>
    public double ReadAmplification => (double)this.Blocks.Sum(b => b.Input.Size.VoxelCount) / this.Volume.VoxelCount;
}
