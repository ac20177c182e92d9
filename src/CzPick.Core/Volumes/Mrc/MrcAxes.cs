using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>
/// The axis order of an MRC file: which real-space axis (1 = x, 2 = y, 3 = z) runs along the file's columns
/// (mapc), rows (mapr) and sections (maps). Maps the (z, y, x) volume the reader returns onto the file's
/// (section, row, column) layout.
/// </summary>
/// <param name="Column">mapc: the real axis along the file's columns, the fastest-varying.</param>
/// <param name="Row">mapr: the real axis along the file's rows.</param>
/// <param name="Section">maps: the real axis along the file's sections, the slowest-varying.</param>
readonly record struct MrcAxes(int Column, int Row, int Section)
{
    /// <summary>Gets the normal order: columns x, rows y, sections z.</summary>
    public static MrcAxes Standard => new(1, 2, 3);

    /// <summary>Gets a value indicating whether mapc, mapr and maps are 1, 2 and 3 in some order.</summary>
    public bool IsPermutation =>
        this.Column is >= 1 and <= 3 && this.Row is >= 1 and <= 3 && this.Section is >= 1 and <= 3 &&
        this.Column != this.Row && this.Column != this.Section && this.Row != this.Section;

    /// <summary>Gets a value indicating whether the order is the normal one.</summary>
    public bool IsStandard => this == Standard;

    /// <summary>Converts the file's (sections, rows, columns) extents to the volume's (z, y, x) extents.</summary>
    /// <param name="file">The file's shape: (nz, ny, nx) as the header declares them.</param>
    /// <returns>The volume's shape along the real axes.</returns>
    public Shape3 ToVolume(Shape3 file)
    {
        int[] volume = new int[4];
        volume[this.Column] = file.X;
        volume[this.Row] = file.Y;
        volume[this.Section] = file.Z;
        return new Shape3(volume[3], volume[2], volume[1]);
    }

    /// <summary>Converts a box in volume (z, y, x) coordinates to the same voxels in file coordinates.</summary>
    /// <param name="volume">The box along the real axes.</param>
    /// <returns>The box along (sections, rows, columns).</returns>
    public Box3 ToFile(Box3 volume)
    {
        Index3 start = volume.Start;
        Shape3 size = volume.Size;
        return new Box3(
            new Index3(Along(start, this.Section), Along(start, this.Row), Along(start, this.Column)),
            new Shape3(Along(size, this.Section), Along(size, this.Row), Along(size, this.Column)));
    }

    /// <summary>
    /// Returns, for a region of the volume read into a dense (z, y, x) buffer, how far apart in that buffer two
    /// voxels are that are neighbours along the file's sections, rows and columns.
    /// </summary>
    /// <param name="region">The region's extent along the real axes.</param>
    /// <returns>The buffer strides of one step along each file axis.</returns>
    public (long Section, long Row, long Column) DestinationStrides(Shape3 region)
    {
        long[] stride = [0, 1, region.X, (long)region.X * region.Y];
        return (stride[this.Section], stride[this.Row], stride[this.Column]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{this.Column}, {this.Row}, {this.Section}";

    static int Along(Index3 index, int axis) => axis switch { 1 => index.X, 2 => index.Y, _ => index.Z };

    static int Along(Shape3 shape, int axis) => axis switch { 1 => shape.X, 2 => shape.Y, _ => shape.Z };
}
