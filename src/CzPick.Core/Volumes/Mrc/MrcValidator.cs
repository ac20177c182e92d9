using System.Numerics;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>
/// Checks an MRC header against MRC2014 and against the file's length, reporting every problem rather than the
/// first (mrcfile's validate()). The reader refuses a file for the first error; `czpick info --validate` prints all.
/// Every size is checked here, before the reader allocates or reads anything from it.
/// </summary>
public static class MrcValidator
{
    /// <summary>
    /// The longest axis accepted: no tomogram comes near a million voxels along one axis, so a larger extent is a
    /// corrupt header (or the wrong byte order), and the limit keeps nx × ny × nz × 4 far inside a long.
    /// </summary>
    public const int MaxAxisLength = 1 << 20;

    static readonly string[] KnownExtendedHeaderTypes = ["CCP4", "MRCO", "SERI", "AGAR", "FEI1", "FEI2", "HDF5"];

    /// <summary>Parses and checks a header.</summary>
    /// <param name="prefix">The file's first bytes: <see cref="MrcHeader.Size"/> of them, or the whole file when shorter.</param>
    /// <param name="length">The file's length in bytes.</param>
    /// <param name="options">The limits; the defaults when null.</param>
    /// <returns>The header when one could be parsed, and every problem found.</returns>
    /// <exception cref="ArgumentException">Fewer bytes were given than the header or the file holds.</exception>
    public static MrcInspection Inspect(ReadOnlySpan<byte> prefix, long length, MrcReadOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (prefix.Length < Math.Min(length, MrcHeader.Size))
        {
            throw new ArgumentException($"Pass the first {Math.Min(length, MrcHeader.Size)} bytes of the file, not {prefix.Length}.", nameof(prefix));
        }

        List<MrcIssue> issues = [];
        if (length == 0)
        {
            issues.Add(Error($"The file is empty (0 bytes): an MRC file starts with a {MrcHeader.Size}-byte header"));
            return new MrcInspection(null, issues);
        }

        if (length < MrcHeader.Size)
        {
            issues.Add(Error($"The file holds only {length} bytes, fewer than the {MrcHeader.Size}-byte MRC header: it is truncated or not an MRC file"));
            return new MrcInspection(null, issues);
        }

        MrcHeader? header = ReadWithByteOrder(prefix[..MrcHeader.Size], issues);
        if (header is not null)
        {
            CheckData(header, length, options ?? new MrcReadOptions(), issues);
            CheckConformance(header, prefix, issues);
        }

        return new MrcInspection(header, issues);
    }

    /// <summary>
    /// Compares the statistics a header declares with the data's, as mrcfile's validate() does: a header may mark
    /// them undetermined (dmax &lt; dmin, dmean below both, rms &lt; 0), which is not a problem.
    /// </summary>
    /// <param name="header">The header.</param>
    /// <param name="actual">The data's statistics, from one pass over the volume.</param>
    /// <returns>A warning for each declared statistic that does not match.</returns>
    public static IReadOnlyList<MrcIssue> CheckStatistics(MrcHeader header, VolumeStatistics actual)
    {
        ArgumentNullException.ThrowIfNull(header);
        List<MrcIssue> issues = [];
        if (header.Rms >= 0 && !IsClose(actual.StandardDeviation, header.Rms))
        {
            issues.Add(Warning($"The header's rms is {header.Rms:G7} but the data's standard deviation is {actual.StandardDeviation:G7}: the header statistics are stale"));
        }

        if (header.DMin < header.DMax && header.DMin != actual.Min)
        {
            issues.Add(Warning($"The header's dmin is {header.DMin:G7} but the data's minimum is {actual.Min:G7}: the header statistics are stale"));
        }

        if (header.DMin < header.DMax && header.DMax != actual.Max)
        {
            issues.Add(Warning($"The header's dmax is {header.DMax:G7} but the data's maximum is {actual.Max:G7}: the header statistics are stale"));
        }

        if (header.DMean > Math.Min(header.DMin, header.DMax) && !IsClose(actual.Mean, header.DMean))
        {
            issues.Add(Warning($"The header's dmean is {header.DMean:G7} but the data's mean is {actual.Mean:G7}: the header statistics are stale"));
        }

        return issues;
    }

    /// <summary>
    /// Chooses the byte order from the machine stamp; where the stamp is zeroed, unknown or contradicted by the
    /// header, from whichever order makes nx, ny, nz and mode plausible. Files in the wild carry all three faults.
    /// </summary>
    static MrcHeader? ReadWithByteOrder(ReadOnlySpan<byte> bytes, List<MrcIssue> issues)
    {
        uint stamp = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[MrcHeader.MachineStampOffset..]);
        string stampText = MrcHeader.FormatMachineStamp(stamp);
        bool littlePlausible = IsPlausible(bytes, MrcByteOrder.LittleEndian);
        bool bigPlausible = IsPlausible(bytes, MrcByteOrder.BigEndian);
        bool hasMapId = bytes[MrcHeader.MapIdOffset] == 'M' && bytes[MrcHeader.MapIdOffset + 1] == 'A' && bytes[MrcHeader.MapIdOffset + 2] == 'P';
        MrcByteOrder? declared = MrcHeader.ByteOrderOfStamp(stamp);
        if (!hasMapId && !littlePlausible && !bigPlausible)
        {
            (int nx, int ny, int nz, int mode) = MrcHeader.ReadExtentsAndMode(bytes, declared ?? MrcByteOrder.LittleEndian);
            issues.Add(Error(
                $"Map ID string 'MAP ' not found at byte {MrcHeader.MapIdOffset}, and nx, ny, nz, mode = {nx}, {ny}, {nz}, {mode} make no sense " +
                "in either byte order: not an MRC file, or the file is corrupt"));
            return null;
        }

        MrcByteOrder order;
        bool assumed;
        if (declared is MrcByteOrder stamped)
        {
            MrcByteOrder other = Opposite(stamped);
            assumed = !IsPlausible(bytes, stamped) && IsPlausible(bytes, other);
            order = assumed ? other : stamped;
            if (assumed)
            {
                issues.Add(Warning(
                    $"The machine stamp {stampText} declares {Describe(stamped)}, but nx, ny, nz and mode make sense only {Describe(other)}: assumed {Describe(other)}"));
            }
        }
        else
        {
            assumed = true;
            order = !littlePlausible && bigPlausible ? MrcByteOrder.BigEndian : MrcByteOrder.LittleEndian;
            string why = littlePlausible && bigPlausible ? "nx, ny, nz and mode make sense in both orders and little-endian is the usual one"
                : littlePlausible || bigPlausible ? "nx, ny, nz and mode make sense only in that order"
                : "nx, ny, nz and mode make sense in neither order, and little-endian is the usual one";
            string kind = stamp == 0 ? "is zeroed" : "is not a known stamp";
            issues.Add(Warning(
                $"The machine stamp {stampText} {kind} (expected 0x44 0x44 or 0x44 0x41 for little-endian, 0x11 0x11 for big-endian): " +
                $"assumed {Describe(order)} because {why}"));
        }

        if (!hasMapId)
        {
            issues.Add(Warning(
                $"Map ID string 'MAP ' not found at byte {MrcHeader.MapIdOffset}: read as an older MRC format because the rest of the header is plausible"));
        }
        else if (bytes[MrcHeader.MapIdOffset + 3] != ' ')
        {
            issues.Add(Warning($"The map ID string is 'MAP' followed by byte 0x{bytes[MrcHeader.MapIdOffset + 3]:x2}, not 'MAP '"));
        }

        return MrcHeader.Read(bytes, order, assumed);
    }

    static void CheckData(MrcHeader header, long length, MrcReadOptions options, List<MrcIssue> issues)
    {
        bool modeReadable = CheckMode(header.Mode, issues);
        bool extentsValid = CheckExtent("nx", header.Nx, header, issues) & CheckExtent("ny", header.Ny, header, issues) & CheckExtent("nz", header.Nz, header, issues);
        if (!header.Axes.IsPermutation)
        {
            issues.Add(Error($"mapc, mapr, maps = {header.Axes} is not an order of 1, 2, 3: the axis order is corrupt"));
        }

        bool extendedValid = CheckExtendedHeader(header, length, issues);
        if (!modeReadable || !extentsValid || !extendedValid)
        {
            return;
        }

        long expected = header.DataBytes;
        string layout = $"{header.Nx} × {header.Ny} × {header.Nz} {header.ElementType}";
        if (expected > options.MaxDataBytes)
        {
            issues.Add(Error(
                $"The header declares {expected} bytes of data ({layout}), more than the limit of {options.MaxDataBytes} bytes: " +
                "raise MrcReadOptions.MaxDataBytes to read it, if the header is right"));
        }

        long available = length - header.DataOffset;
        if (available == 0)
        {
            issues.Add(Error($"The file holds only its header: expected {expected} bytes of data ({layout}) after byte {header.DataOffset} but found none"));
        }
        else if (available < expected)
        {
            issues.Add(Error(
                $"Expected {expected} bytes of data ({layout}) but the file holds only {available}: it is truncated (was a copy or upload cut short?)"));
        }
        else if (available > expected)
        {
            issues.Add(Warning($"The file holds {available - expected} bytes after the {expected}-byte data block; they are ignored"));
        }
    }

    static bool CheckMode(MrcMode mode, List<MrcIssue> issues)
    {
        if (MrcModes.IsReadable(mode))
        {
            return true;
        }

        string expected = $"CzPick reads the real-valued modes {MrcModes.ReadableList}";
        issues.Add(Error(mode switch
        {
            MrcMode.Complex64 or MrcMode.ComplexInt16 => $"Mode {(int)mode} is {MrcModes.ElementTypeName(mode)}, not an image (Fourier data): {expected}",
            MrcMode.Packed4Bit => $"Mode 101 (4-bit packed) is not supported: {expected}",
            _ => $"Mode {(int)mode} is not an MRC2014 mode: expected {MrcModes.ReadableList}",
        }));
        return false;
    }

    static bool CheckExtent(string name, int value, MrcHeader header, List<MrcIssue> issues)
    {
        if (value <= 0)
        {
            issues.Add(Error($"{name} = {value}, but every dimension must be positive (nx, ny, nz = {header.Nx}, {header.Ny}, {header.Nz})"));
            return false;
        }

        if (value > MaxAxisLength)
        {
            issues.Add(Error($"{name} = {value} is larger than {MaxAxisLength}, the longest axis CzPick accepts: the header is corrupt"));
            return false;
        }

        return true;
    }

    static bool CheckExtendedHeader(MrcHeader header, long length, List<MrcIssue> issues)
    {
        int size = header.ExtendedHeaderBytes;
        if (size < 0)
        {
            issues.Add(Error($"nsymbt = {size}, but the extended header's size cannot be negative: the header is corrupt"));
            return false;
        }

        if (header.DataOffset > length)
        {
            issues.Add(Error(
                $"Expected {size} bytes of extended header (nsymbt) but the file holds only {length - MrcHeader.Size} after the {MrcHeader.Size}-byte header"));
            return false;
        }

        if (size > 0 && !KnownExtendedHeaderTypes.Contains(header.ExtendedHeaderType))
        {
            issues.Add(Warning(
                $"The {size}-byte extended header has no known type: exttyp is '{header.ExtendedHeaderType}', expected one of {string.Join(", ", KnownExtendedHeaderTypes)}"));
        }

        return true;
    }

    /// <summary>Reports what makes a readable file less than strict MRC2014, as mrcfile's validate() does.</summary>
    static void CheckConformance(MrcHeader header, ReadOnlySpan<byte> bytes, List<MrcIssue> issues)
    {
        Vector3 cell = header.CellLengths;
        Geometry.Index3 m = header.Sampling;
        if (cell.X <= 0 || cell.Y <= 0 || cell.Z <= 0)
        {
            issues.Add(Warning($"cella = ({cell.X}, {cell.Y}, {cell.Z}) Å is not positive: the file carries no voxel size"));
        }
        else if (m.X <= 0 || m.Y <= 0 || m.Z <= 0)
        {
            issues.Add(Warning($"mx, my, mz = ({m.X}, {m.Y}, {m.Z}) are not all positive: voxel size taken as cella / volume extent"));
        }

        if (header.Version is not (20140 or 20141))
        {
            issues.Add(Warning($"nversion = {header.Version}: the file does not declare MRC2014 (20140 or 20141)"));
        }

        CheckLabels(header, bytes, issues);
    }

    static void CheckLabels(MrcHeader header, ReadOnlySpan<byte> bytes, List<MrcIssue> issues)
    {
        string[] labels = MrcHeader.ReadAllLabels(bytes);
        int withText = labels.Count(label => label.Trim().Length > 0);
        int lastWithText = Array.FindLastIndex(labels, label => label.Trim().Length > 0);
        if (lastWithText + 1 > withText)
        {
            issues.Add(Warning("Empty labels appear between labels with text"));
        }

        if (header.LabelCount != withText)
        {
            issues.Add(Warning($"nlabl is {header.LabelCount} but {withText} labels contain text"));
        }
    }

    static bool IsPlausible(ReadOnlySpan<byte> bytes, MrcByteOrder order)
    {
        (int nx, int ny, int nz, int mode) = MrcHeader.ReadExtentsAndMode(bytes, order);
        return nx is > 0 and <= MaxAxisLength && ny is > 0 and <= MaxAxisLength && nz is > 0 and <= MaxAxisLength &&
            MrcModes.IsDefined((MrcMode)mode);
    }

    /// <summary>numpy's isclose with rtol = 1 %, measured against the header's value, as mrcfile uses it.</summary>
    static bool IsClose(double actual, double declared) => Math.Abs(actual - declared) <= 1e-8 + (0.01 * Math.Abs(declared));

    static MrcByteOrder Opposite(MrcByteOrder order) =>
        order == MrcByteOrder.LittleEndian ? MrcByteOrder.BigEndian : MrcByteOrder.LittleEndian;

    static string Describe(MrcByteOrder order) => order == MrcByteOrder.LittleEndian ? "little-endian" : "big-endian";

    static MrcIssue Error(string message) => new(MrcIssueSeverity.Error, message);

    static MrcIssue Warning(string message) => new(MrcIssueSeverity.Warning, message);
}
