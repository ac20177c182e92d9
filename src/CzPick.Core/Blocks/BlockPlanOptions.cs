using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Volumes;

namespace CzPick.Core.Blocks;

/// <summary>
/// How a volume is cut into blocks. Set at most one of <see cref="CoreShape"/>, <see cref="BlockCount"/> and
/// <see cref="MaxInputVoxels"/>; with none, the whole volume is one block.
/// </summary>
public sealed record BlockPlanOptions
{
    /// <summary>Gets the target core extent: each axis is cut into ceil(extent / core) near-equal cores.</summary>
    public Shape3? CoreShape { get; init; }

    /// <summary>
    /// Gets the least number of blocks wanted (the distributed pipeline's knob): the axis with the longest cores is
    /// cut once more until there are at least this many.
    /// </summary>
    public int? BlockCount { get; init; }

    /// <summary>
    /// Gets the largest input a block may have, in voxels (the command line's memory bound): axes are cut, the one
    /// that shrinks the largest input most first, until every input fits or no cut shrinks it further.
    /// </summary>
    public long? MaxInputVoxels { get; init; }

    /// <summary>Gets the context read around each core, per axis: at least the largest particle's diameter.</summary>
    public Shape3 Halo { get; init; }

    /// <summary>
    /// Gets the least input extent per axis (the sliding window): inputs are grown to it with real voxels where the
    /// volume has them.
    /// </summary>
    public Shape3 MinimumInput { get; init; }

    /// <summary>Returns the halo a catalog needs: the largest particle's diameter in voxels, rounded up, per axis.</summary>
    /// <param name="catalog">The particles.</param>
    /// <param name="voxelSize">The volume's voxel size.</param>
    /// <returns>For the CZII ribosome (radius 150 Å) at 10.012 Å: 30 voxels on every axis.</returns>
    public static Shape3 HaloFor(ParticleCatalog catalog, VoxelSizeAngstrom voxelSize)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        double diameter = 2 * catalog.MaxRadiusAngstrom;
        return new Shape3(Voxels(diameter, voxelSize.Z), Voxels(diameter, voxelSize.Y), Voxels(diameter, voxelSize.X));

        static int Voxels(double angstrom, double size) => size > 0
            ? (int)Math.Ceiling((angstrom / size) - 1e-9)
            : throw new ArgumentOutOfRangeException(nameof(voxelSize), $"Voxel sizes must be positive, not {size} Å.");
    }

    /// <summary>
    /// Returns the halo and least input of a block picker's blocks: the largest particle's diameter, and the picker's
    /// sliding window. Every host plans with this (<see cref="VolumePicker"/> on one machine, the pipeline's plan
    /// activity), so the same cutting rule gives the same blocks, hence the same picks, wherever the blocks run.
    /// </summary>
    /// <param name="picker">How the blocks are picked.</param>
    /// <param name="voxelSize">The volume's voxel size.</param>
    /// <returns>The options, without a cutting rule: set one with <c>with</c>.</returns>
    public static BlockPlanOptions ForPicker(BlockPickerOptions picker, VoxelSizeAngstrom voxelSize)
    {
        ArgumentNullException.ThrowIfNull(picker);
        return new BlockPlanOptions { Halo = HaloFor(picker.Catalog, voxelSize), MinimumInput = picker.Blend.EffectiveWindow };
    }

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">More than one cutting rule is set, or a value is out of range.</exception>
    public void Validate()
    {
        int rules = (this.CoreShape is null ? 0 : 1) + (this.BlockCount is null ? 0 : 1) + (this.MaxInputVoxels is null ? 0 : 1);
        if (rules > 1)
        {
            throw new ArgumentException("Set at most one of CoreShape, BlockCount and MaxInputVoxels.");
        }

        if (this.CoreShape is { IsPositive: false } core)
        {
            throw new ArgumentOutOfRangeException(nameof(this.CoreShape), $"The core shape must be positive on every axis, not {core}.");
        }

        if (this.BlockCount is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.BlockCount), $"The block count must be at least 1, not {this.BlockCount}.");
        }

        if (this.MaxInputVoxels is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(this.MaxInputVoxels), $"The input limit must be at least 1 voxel, not {this.MaxInputVoxels}.");
        }

        if (this.Halo.Z < 0 || this.Halo.Y < 0 || this.Halo.X < 0 || this.MinimumInput.Z < 0 || this.MinimumInput.Y < 0 || this.MinimumInput.X < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(this.Halo), $"Halo {this.Halo} and minimum input {this.MinimumInput} must not be negative.");
        }
    }
}
