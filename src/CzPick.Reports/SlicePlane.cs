using CzPick.Core.Geometry;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Reports;

/// <summary>
/// One plane through a volume, normal to an axis at a voxel index, and how positions in Å map onto its columns and
/// rows. Voxel centres sit at whole voxel coordinates, so a pick at <c>x</c> Å lies at column <c>x / voxel size</c>.
/// </summary>
/// <param name="Axis">The axis the plane is normal to.</param>
/// <param name="Index">The voxel index along that axis.</param>
/// <param name="Shape">The volume's shape.</param>
/// <param name="VoxelSize">The volume's voxel size.</param>
readonly record struct SlicePlane(SliceAxis Axis, int Index, Shape3 Shape, VoxelSizeAngstrom VoxelSize)
{
    /// <summary>Gets the number of columns: x for the xy and xz planes, y for the yz plane.</summary>
    public int Width => this.Axis == SliceAxis.X ? this.Shape.Y : this.Shape.X;

    /// <summary>Gets the number of rows: y for the xy plane, z for the others.</summary>
    public int Height => this.Axis == SliceAxis.Z ? this.Shape.Y : this.Shape.Z;

    /// <summary>Gets the size of one column and one row in Å.</summary>
    public (double Column, double Row) PixelSizeAngstrom => this.Axis switch
    {
        SliceAxis.Z => (this.VoxelSize.X, this.VoxelSize.Y),
        SliceAxis.Y => (this.VoxelSize.X, this.VoxelSize.Z),
        _ => (this.VoxelSize.Y, this.VoxelSize.Z),
    };

    /// <summary>Gets the plane's position along its axis, in Å.</summary>
    public double DepthAngstrom => this.Index * this.Axis switch
    {
        SliceAxis.Z => this.VoxelSize.Z,
        SliceAxis.Y => this.VoxelSize.Y,
        _ => this.VoxelSize.X,
    };

    /// <summary>Gets the region of the volume the plane covers, one voxel thick; read in C order it is row by row.</summary>
    public Box3 Region => this.Axis switch
    {
        SliceAxis.Z => new Box3(new Index3(this.Index, 0, 0), this.Shape with { Z = 1 }),
        SliceAxis.Y => new Box3(new Index3(0, this.Index, 0), this.Shape with { Y = 1 }),
        _ => new Box3(new Index3(0, 0, this.Index), this.Shape with { X = 1 }),
    };

    /// <summary>Gets a short label, e.g. "xy at z = 92 (921.1 Å)".</summary>
    public string Label => FormattableString.Invariant(
        $"{this.Axis switch { SliceAxis.Z => "xy", SliceAxis.Y => "xz", _ => "yz" }} at {this.Axis.ToString().ToLowerInvariant()} = {this.Index} ({this.DepthAngstrom:0.#} Å)");

    /// <summary>Creates a plane, checking that it lies inside the volume.</summary>
    /// <param name="axis">The axis the plane is normal to.</param>
    /// <param name="index">The voxel index along that axis.</param>
    /// <param name="info">The volume.</param>
    /// <returns>The plane.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The index lies outside the volume.</exception>
    public static SlicePlane Create(SliceAxis axis, int index, VolumeInfo info)
    {
        int extent = axis switch { SliceAxis.Z => info.Shape.Z, SliceAxis.Y => info.Shape.Y, _ => info.Shape.X };
        if (index < 0 || index >= extent)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"A {axis.ToString().ToLowerInvariant()} slice of a {info.Shape} volume needs an index from 0 to {extent - 1}.");
        }

        return new SlicePlane(axis, index, info.Shape, info.VoxelSize);
    }

    /// <summary>Projects a position onto the plane.</summary>
    /// <param name="pick">The position, in Å.</param>
    /// <returns>Its column and row in voxels (fractional), and its signed distance from the plane in Å.</returns>
    public (double Column, double Row, double DistanceAngstrom) Project(Pick pick) => this.Axis switch
    {
        SliceAxis.Z => (pick.XAngstrom / this.VoxelSize.X, pick.YAngstrom / this.VoxelSize.Y, pick.ZAngstrom - this.DepthAngstrom),
        SliceAxis.Y => (pick.XAngstrom / this.VoxelSize.X, pick.ZAngstrom / this.VoxelSize.Z, pick.YAngstrom - this.DepthAngstrom),
        _ => (pick.YAngstrom / this.VoxelSize.Y, pick.ZAngstrom / this.VoxelSize.Z, pick.XAngstrom - this.DepthAngstrom),
    };

    /// <summary>Reads the plane's voxels.</summary>
    /// <param name="source">The volume.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The values, row by row (<see cref="Width"/> per row, <see cref="Height"/> rows).</returns>
    public async Task<float[]> ReadAsync(IVolumeSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        float[] values = new float[checked(this.Width * this.Height)];
        await source.ReadAsync(this.Region, values, cancellationToken).ConfigureAwait(false);
        return values;
    }
}
