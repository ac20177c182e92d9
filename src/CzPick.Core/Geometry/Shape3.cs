namespace CzPick.Core.Geometry;

/// <summary>
/// The extent of a 3-D array in voxels, slowest axis first: (Z, Y, X), as MRC and Zarr store tomograms.
/// </summary>
/// <param name="Z">The number of sections (slowest axis).</param>
/// <param name="Y">The number of rows.</param>
/// <param name="X">The number of columns (fastest axis).</param>
public readonly record struct Shape3(int Z, int Y, int X)
{
    /// <summary>Gets the number of voxels, Z × Y × X.</summary>
    public long VoxelCount => (long)this.Z * this.Y * this.X;

    /// <summary>Gets the number of voxels in one Z section, Y × X.</summary>
    public long SectionVoxelCount => (long)this.Y * this.X;

    /// <summary>Gets a value indicating whether every extent is positive.</summary>
    public bool IsPositive => this.Z > 0 && this.Y > 0 && this.X > 0;

    /// <summary>Returns the linear (C order) index of a voxel.</summary>
    /// <param name="z">The section.</param>
    /// <param name="y">The row.</param>
    /// <param name="x">The column.</param>
    /// <returns>(z × Y + y) × X + x.</returns>
    public long IndexOf(int z, int y, int x) => (((long)z * this.Y) + y) * this.X + x;

    /// <summary>Formats the shape the way the CLI prints it, Z×Y×X.</summary>
    /// <returns>For example "184×630×630".</returns>
    public override string ToString() => $"{this.Z}×{this.Y}×{this.X}";
}
