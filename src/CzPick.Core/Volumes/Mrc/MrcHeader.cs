using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>The byte order of an MRC file's header and data.</summary>
public enum MrcByteOrder
{
    /// <summary>Least significant byte first (machine stamp 0x44 0x44 or 0x44 0x41): what every current writer uses.</summary>
    LittleEndian,

    /// <summary>Most significant byte first (machine stamp 0x11 0x11).</summary>
    BigEndian,
}

/// <summary>
/// The 1024-byte MRC2014 main header, field by field, plus what CzPick derived from it (volume shape, voxel size,
/// byte order and whether that was assumed). Parse one with <see cref="MrcValidator.Inspect"/> or open a file with
/// <see cref="MrcFile.Open"/>.
/// </summary>
public sealed record MrcHeader
{
    /// <summary>The size of the main header in bytes; the extended header, then the data, follow it.</summary>
    public const int Size = 1024;

    /// <summary>The most labels a header holds.</summary>
    public const int MaxLabels = 10;

    /// <summary>The length of one label in bytes.</summary>
    public const int LabelLength = 80;

    /// <summary>The MRC2014 format version CzPick writes (MRC2014, first update).</summary>
    public const int CurrentVersion = 20141;

    /// <summary>The map ID string at byte 208 that marks an MRC2014 file.</summary>
    public const string MapIdString = "MAP ";

    /// <summary>The machine stamp CzPick writes for little-endian files, as the bytes 0x44 0x44 0x00 0x00.</summary>
    public const uint LittleEndianStamp = 0x4444_0000;

    /// <summary>The machine stamp of big-endian files, as the bytes 0x11 0x11 0x00 0x00.</summary>
    public const uint BigEndianStamp = 0x1111_0000;

    /// <summary>The byte offset of the map ID string.</summary>
    internal const int MapIdOffset = 208;

    /// <summary>The byte offset of the machine stamp.</summary>
    internal const int MachineStampOffset = 212;

    const int ModeOffset = 12;
    const int LabelCountOffset = 220;
    const int LabelsOffset = 224;

    /// <summary>Gets the number of columns (nx), the fastest-varying file axis.</summary>
    public int Nx { get; init; }

    /// <summary>Gets the number of rows (ny).</summary>
    public int Ny { get; init; }

    /// <summary>Gets the number of sections (nz), the slowest-varying file axis.</summary>
    public int Nz { get; init; }

    /// <summary>Gets the data mode: how each voxel is stored.</summary>
    public MrcMode Mode { get; init; }

    /// <summary>Gets the index of the first column, row and section: nxstart, nystart, nzstart as Start.X, .Y, .Z.</summary>
    public Index3 Start { get; init; }

    /// <summary>Gets the number of grid intervals along the real axes: mx, my, mz as Sampling.X, .Y, .Z.</summary>
    public Index3 Sampling { get; init; }

    /// <summary>Gets the cell lengths along the real axes in Å (cella).</summary>
    public Vector3 CellLengths { get; init; }

    /// <summary>Gets the cell angles in degrees (cellb).</summary>
    public Vector3 CellAngles { get; init; }

    /// <summary>Gets the real axis (1 = x, 2 = y, 3 = z) along the file's columns (mapc).</summary>
    public int MapC { get; init; }

    /// <summary>Gets the real axis along the file's rows (mapr).</summary>
    public int MapR { get; init; }

    /// <summary>Gets the real axis along the file's sections (maps).</summary>
    public int MapS { get; init; }

    /// <summary>Gets the minimum density the header declares (dmin).</summary>
    public float DMin { get; init; }

    /// <summary>Gets the maximum density the header declares (dmax).</summary>
    public float DMax { get; init; }

    /// <summary>Gets the mean density the header declares (dmean).</summary>
    public float DMean { get; init; }

    /// <summary>Gets the space group number (ispg): 0 for image stacks, 1 for volumes.</summary>
    public int SpaceGroup { get; init; }

    /// <summary>Gets the size of the extended header in bytes (nsymbt).</summary>
    public int ExtendedHeaderBytes { get; init; }

    /// <summary>Gets the extended header's type code (exttyp), e.g. "FEI1" or "CCP4"; empty when unset.</summary>
    public string ExtendedHeaderType { get; init; } = string.Empty;

    /// <summary>Gets the format version (nversion), 20140 or 20141 for MRC2014.</summary>
    public int Version { get; init; }

    /// <summary>Gets the origin along the real axes in Å.</summary>
    public Vector3 Origin { get; init; }

    /// <summary>Gets the map ID string at byte 208, "MAP " in an MRC2014 file (non-printable bytes dropped).</summary>
    public string MapId { get; init; } = MapIdString;

    /// <summary>Gets the machine stamp's four bytes, first byte most significant (0x44440000 is 0x44 0x44 0x00 0x00).</summary>
    public uint MachineStamp { get; init; }

    /// <summary>Gets the standard deviation of the densities from their mean, as the header declares it (rms).</summary>
    public float Rms { get; init; }

    /// <summary>Gets the number of labels in use (nlabl).</summary>
    public int LabelCount { get; init; }

    /// <summary>Gets the labels in use: the first nlabl of the ten, printable ASCII, trailing blanks removed.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Gets the byte order the header and data were read in.</summary>
    public MrcByteOrder ByteOrder { get; init; }

    /// <summary>
    /// Gets a value indicating whether the byte order was assumed from which order makes nx, ny, nz and mode plausible,
    /// because the machine stamp is zeroed, unknown or contradicted by the header.
    /// </summary>
    public bool ByteOrderAssumed { get; init; }

    /// <summary>Gets the file's extents, (nz, ny, nx): sections, rows, columns.</summary>
    public Shape3 FileShape => new(this.Nz, this.Ny, this.Nx);

    /// <summary>Gets the volume's extents along the real axes, (z, y, x), after applying mapc, mapr and maps.</summary>
    public Shape3 Shape => this.Axes.IsPermutation ? this.Axes.ToVolume(this.FileShape) : this.FileShape;

    /// <summary>Gets the element type's name, e.g. "float32".</summary>
    public string ElementType => MrcModes.ElementTypeName(this.Mode);

    /// <summary>Gets the byte offset of the data block: after the main and the extended header.</summary>
    public long DataOffset => Size + (long)this.ExtendedHeaderBytes;

    /// <summary>Gets a value indicating whether the axis order is the normal one (mapc, mapr, maps = 1, 2, 3).</summary>
    public bool HasStandardAxisOrder => this.Axes.IsStandard;

    /// <summary>Gets the voxel size: cella / (mx, my, mz), or cella / the volume's extent where m is not positive.</summary>
    public VoxelSizeAngstrom VoxelSize
    {
        get
        {
            Shape3 shape = this.Shape;
            return new VoxelSizeAngstrom(
                PerVoxel(this.CellLengths.X, this.Sampling.X, shape.X),
                PerVoxel(this.CellLengths.Y, this.Sampling.Y, shape.Y),
                PerVoxel(this.CellLengths.Z, this.Sampling.Z, shape.Z));
        }
    }

    /// <summary>Gets how <see cref="VoxelSize"/> was derived, in words, for `czpick info`.</summary>
    public string VoxelSizeSource
    {
        get
        {
            Vector3 cell = this.CellLengths;
            if (cell.X <= 0 || cell.Y <= 0 || cell.Z <= 0)
            {
                return $"unknown: cella = ({cell.X:0.###}, {cell.Y:0.###}, {cell.Z:0.###}) Å is not positive, so the header carries no voxel size";
            }

            Index3 m = this.Sampling;
            if (m.X > 0 && m.Y > 0 && m.Z > 0)
            {
                return $"cella / (mx, my, mz) = ({cell.X:0.###}, {cell.Y:0.###}, {cell.Z:0.###}) Å / ({m.X}, {m.Y}, {m.Z})";
            }

            Shape3 shape = this.Shape;
            return $"cella / volume extent = ({cell.X:0.###}, {cell.Y:0.###}, {cell.Z:0.###}) Å / ({shape.X}, {shape.Y}, {shape.Z}), " +
                $"because mx, my, mz = ({m.X}, {m.Y}, {m.Z}) are not all positive";
        }
    }

    /// <summary>Gets the axis order as the reader uses it.</summary>
    internal MrcAxes Axes => new(this.MapC, this.MapR, this.MapS);

    /// <summary>Gets the data block's size in bytes, nx × ny × nz × the element size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mode has no real element type (complex or unknown).</exception>
    public long DataBytes => this.FileShape.VoxelCount * MrcModes.ElementSize(this.Mode);

    /// <summary>Formats the machine stamp the way mrcfile prints it, e.g. "0x44 0x44 0x00 0x00".</summary>
    /// <param name="stamp">The stamp, first byte most significant.</param>
    /// <returns>The four bytes in hex.</returns>
    public static string FormatMachineStamp(uint stamp) =>
        $"0x{stamp >> 24:x2} 0x{(stamp >> 16) & 0xff:x2} 0x{(stamp >> 8) & 0xff:x2} 0x{stamp & 0xff:x2}";

    /// <summary>Returns the byte order a machine stamp declares, or null when it is zeroed or unknown.</summary>
    /// <param name="stamp">The stamp, first byte most significant.</param>
    /// <returns>Little-endian for 0x44 0x44 and 0x44 0x41, big-endian for 0x11 0x11, else null.</returns>
    internal static MrcByteOrder? ByteOrderOfStamp(uint stamp) => (stamp >> 16) switch
    {
        0x4444 or 0x4441 => MrcByteOrder.LittleEndian,
        0x1111 => MrcByteOrder.BigEndian,
        _ => null,
    };

    /// <summary>Reads the extents and mode only, to judge which byte order makes sense.</summary>
    internal static (int Nx, int Ny, int Nz, int Mode) ReadExtentsAndMode(ReadOnlySpan<byte> header, MrcByteOrder order) =>
        (ReadInt32(header, 0, order), ReadInt32(header, 4, order), ReadInt32(header, 8, order), ReadInt32(header, ModeOffset, order));

    /// <summary>Parses a header in a known byte order; no field is checked here (see <see cref="MrcValidator"/>).</summary>
    /// <param name="header">At least <see cref="Size"/> bytes.</param>
    /// <param name="order">The byte order to read in.</param>
    /// <param name="assumed">Whether that order was assumed rather than read from the machine stamp.</param>
    /// <returns>The fields.</returns>
    internal static MrcHeader Read(ReadOnlySpan<byte> header, MrcByteOrder order, bool assumed)
    {
        int labelCount = ReadInt32(header, LabelCountOffset, order);
        return new MrcHeader
        {
            Nx = ReadInt32(header, 0, order),
            Ny = ReadInt32(header, 4, order),
            Nz = ReadInt32(header, 8, order),
            Mode = (MrcMode)ReadInt32(header, ModeOffset, order),
            Start = new Index3(ReadInt32(header, 24, order), ReadInt32(header, 20, order), ReadInt32(header, 16, order)),
            Sampling = new Index3(ReadInt32(header, 36, order), ReadInt32(header, 32, order), ReadInt32(header, 28, order)),
            CellLengths = ReadVector(header, 40, order),
            CellAngles = ReadVector(header, 52, order),
            MapC = ReadInt32(header, 64, order),
            MapR = ReadInt32(header, 68, order),
            MapS = ReadInt32(header, 72, order),
            DMin = ReadSingle(header, 76, order),
            DMax = ReadSingle(header, 80, order),
            DMean = ReadSingle(header, 84, order),
            SpaceGroup = ReadInt32(header, 88, order),
            ExtendedHeaderBytes = ReadInt32(header, 92, order),
            ExtendedHeaderType = ReadText(header.Slice(104, 4)),
            Version = ReadInt32(header, 108, order),
            Origin = ReadVector(header, 196, order),
            MapId = Encoding.ASCII.GetString(header.Slice(MapIdOffset, 4)).Replace('\0', ' '),
            MachineStamp = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(MachineStampOffset, 4)),
            Rms = ReadSingle(header, 216, order),
            LabelCount = labelCount,
            Labels = ReadLabels(header, Math.Clamp(labelCount, 0, MaxLabels)),
            ByteOrder = order,
            ByteOrderAssumed = assumed,
        };
    }

    /// <summary>Reads all ten labels, used or not, for the validator's label checks.</summary>
    internal static string[] ReadAllLabels(ReadOnlySpan<byte> header) => ReadLabels(header, MaxLabels);

    /// <summary>Writes the header in its byte order; unused bytes (extra space, unused labels) are zero.</summary>
    /// <param name="destination">At least <see cref="Size"/> bytes.</param>
    /// <exception cref="ArgumentException">A label is longer than 80 bytes or not printable ASCII, or there are more than ten.</exception>
    internal void Write(Span<byte> destination)
    {
        Span<byte> header = destination[..Size];
        header.Clear();
        MrcByteOrder order = this.ByteOrder;
        WriteInt32(header, 0, this.Nx, order);
        WriteInt32(header, 4, this.Ny, order);
        WriteInt32(header, 8, this.Nz, order);
        WriteInt32(header, ModeOffset, (int)this.Mode, order);
        WriteInt32(header, 16, this.Start.X, order);
        WriteInt32(header, 20, this.Start.Y, order);
        WriteInt32(header, 24, this.Start.Z, order);
        WriteInt32(header, 28, this.Sampling.X, order);
        WriteInt32(header, 32, this.Sampling.Y, order);
        WriteInt32(header, 36, this.Sampling.Z, order);
        WriteVector(header, 40, this.CellLengths, order);
        WriteVector(header, 52, this.CellAngles, order);
        WriteInt32(header, 64, this.MapC, order);
        WriteInt32(header, 68, this.MapR, order);
        WriteInt32(header, 72, this.MapS, order);
        WriteSingle(header, 76, this.DMin, order);
        WriteSingle(header, 80, this.DMax, order);
        WriteSingle(header, 84, this.DMean, order);
        WriteInt32(header, 88, this.SpaceGroup, order);
        WriteInt32(header, 92, this.ExtendedHeaderBytes, order);
        WriteText(header.Slice(104, 4), this.ExtendedHeaderType, "exttyp");
        WriteInt32(header, 108, this.Version, order);
        WriteVector(header, 196, this.Origin, order);
        WriteText(header.Slice(MapIdOffset, 4), this.MapId, "map ID");
        BinaryPrimitives.WriteUInt32BigEndian(header.Slice(MachineStampOffset, 4), this.MachineStamp);
        WriteSingle(header, 216, this.Rms, order);
        if (this.Labels.Count > MaxLabels)
        {
            throw new ArgumentException($"An MRC header holds at most {MaxLabels} labels, not {this.Labels.Count}.", nameof(destination));
        }

        WriteInt32(header, LabelCountOffset, this.LabelCount, order);
        for (int i = 0; i < this.Labels.Count; i++)
        {
            WriteText(header.Slice(LabelsOffset + (i * LabelLength), LabelLength), this.Labels[i], "label");
        }
    }

    /// <summary>
    /// A voxel size from the float32 cella: known to float32's seven significant digits, and read as the decimal of
    /// seven digits, so a writer's 10.012 Å comes back as 10.012 rather than 10.0120000839…, and picks in Å agree to
    /// the last bit with those of a Zarr store whose JSON scale says 10.012.
    /// </summary>
    static double PerVoxel(float cellLength, int sampling, int extent)
    {
        double size = cellLength <= 0 ? 0 : (double)cellLength / (sampling > 0 ? sampling : extent);
        return double.Parse(size.ToString("G7", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    static string[] ReadLabels(ReadOnlySpan<byte> header, int count)
    {
        string[] labels = new string[count];
        for (int i = 0; i < count; i++)
        {
            labels[i] = ReadText(header.Slice(LabelsOffset + (i * LabelLength), LabelLength)).TrimEnd();
        }

        return labels;
    }

    /// <summary>Decodes ASCII text, dropping bytes that are not printable, as mrcfile's get_labels does.</summary>
    static string ReadText(ReadOnlySpan<byte> bytes)
    {
        StringBuilder text = new(bytes.Length);
        foreach (byte b in bytes)
        {
            if (b is >= 0x20 and < 0x7f)
            {
                text.Append((char)b);
            }
        }

        return text.ToString();
    }

    static void WriteText(Span<byte> destination, string text, string field)
    {
        if (text.Length > destination.Length || text.Any(c => c is < ' ' or > '~'))
        {
            throw new ArgumentException($"The {field} \"{text}\" must be at most {destination.Length} printable ASCII characters.", nameof(text));
        }

        Encoding.ASCII.GetBytes(text, destination);
    }

    static int ReadInt32(ReadOnlySpan<byte> header, int offset, MrcByteOrder order) => order == MrcByteOrder.LittleEndian
        ? BinaryPrimitives.ReadInt32LittleEndian(header[offset..])
        : BinaryPrimitives.ReadInt32BigEndian(header[offset..]);

    static float ReadSingle(ReadOnlySpan<byte> header, int offset, MrcByteOrder order) => order == MrcByteOrder.LittleEndian
        ? BinaryPrimitives.ReadSingleLittleEndian(header[offset..])
        : BinaryPrimitives.ReadSingleBigEndian(header[offset..]);

    static Vector3 ReadVector(ReadOnlySpan<byte> header, int offset, MrcByteOrder order) =>
        new(ReadSingle(header, offset, order), ReadSingle(header, offset + 4, order), ReadSingle(header, offset + 8, order));

    static void WriteInt32(Span<byte> header, int offset, int value, MrcByteOrder order)
    {
        if (order == MrcByteOrder.LittleEndian)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(header[offset..], value);
        }
    }

    static void WriteSingle(Span<byte> header, int offset, float value, MrcByteOrder order)
    {
        if (order == MrcByteOrder.LittleEndian)
        {
            BinaryPrimitives.WriteSingleLittleEndian(header[offset..], value);
        }
        else
        {
            BinaryPrimitives.WriteSingleBigEndian(header[offset..], value);
        }
    }

    static void WriteVector(Span<byte> header, int offset, Vector3 value, MrcByteOrder order)
    {
        WriteSingle(header, offset, value.X, order);
        WriteSingle(header, offset + 4, value.Y, order);
        WriteSingle(header, offset + 8, value.Z, order);
    }
}
