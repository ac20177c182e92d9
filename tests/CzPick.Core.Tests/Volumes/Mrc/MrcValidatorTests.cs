using System.Buffers.Binary;
using System.Text;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Core.Tests.Volumes.Mrc;

/// <summary>
/// Malformed files, each made from a valid mrcfile fixture (3 × 4 × 5 float32, 240 bytes of data) by cutting or
/// overwriting bytes, written to disk and opened: the refusal names the file and the problem.
/// </summary>
public sealed class MrcValidatorTests : IDisposable
{
    const int Nx = 0, Ny = 4, Nz = 8, Mode = 12, MapC = 64, MapR = 68, NSymbt = 92, NVersion = 108, NLabl = 220;

    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public void Open_EmptyFile_Refused() =>
        this.AssertRefused([], "The file is empty (0 bytes): an MRC file starts with a 1024-byte header");

    [Fact]
    public void Open_ShorterThanAHeader_Refused() =>
        this.AssertRefused(Valid()[..500], "The file holds only 500 bytes, fewer than the 1024-byte MRC header: it is truncated or not an MRC file");

    [Fact]
    public void Open_HeaderOnly_Refused() =>
        this.AssertRefused(Valid()[..1024], "The file holds only its header: expected 240 bytes of data (5 × 4 × 3 float32) after byte 1024 but found none");

    [Fact]
    public void Open_TruncatedData_Refused() =>
        this.AssertRefused(Valid()[..1124], "Expected 240 bytes of data (5 × 4 × 3 float32) but the file holds only 100: it is truncated");

    [Fact]
    public void Open_TextFile_NotAnMrcFile()
    {
        byte[] text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("This is a README, not a tomogram. ", 40)));

        this.AssertRefused(text, "Map ID string 'MAP ' not found at byte 208, and nx, ny, nz, mode = ");
        this.AssertRefused(text, "make no sense in either byte order: not an MRC file, or the file is corrupt");
    }

    [Theory]
    [InlineData(Nx, -5, "nx = -5, but every dimension must be positive (nx, ny, nz = -5, 4, 3)")]
    [InlineData(Ny, 0, "ny = 0, but every dimension must be positive (nx, ny, nz = 5, 0, 3)")]
    [InlineData(Nz, 5_000_000, "nz = 5000000 is larger than 1048576, the longest axis CzPick accepts: the header is corrupt")]
    [InlineData(Mode, 7, "Mode 7 is not an MRC2014 mode: expected 0 (int8), 1 (int16), 2 (float32), 6 (uint16) or 12 (float16)")]
    [InlineData(Mode, 3, "Mode 3 is complex int16, not an image (Fourier data)")]
    [InlineData(Mode, 101, "Mode 101 (4-bit packed) is not supported")]
    [InlineData(MapR, 1, "mapc, mapr, maps = 1, 1, 3 is not an order of 1, 2, 3: the axis order is corrupt")]
    [InlineData(NSymbt, -8, "nsymbt = -8, but the extended header's size cannot be negative")]
    [InlineData(NSymbt, 100_000, "Expected 100000 bytes of extended header (nsymbt) but the file holds only 240 after the 1024-byte header")]
    public void Open_CorruptField_Refused(int offset, int value, string problem) =>
        this.AssertRefused(With(Valid(), offset, value), problem);

    [Fact]
    public void Open_DeclaresMoreThanTheLimit_RefusedBeforeReading()
    {
        byte[] file = With(With(With(Valid(), Nx, 1 << 20), Ny, 1 << 20), Nz, 1 << 20);

        this.AssertRefused(file, "The header declares 4611686018427387904 bytes of data (1048576 × 1048576 × 1048576 float32), more than the limit of 8589934592 bytes: raise MrcReadOptions.MaxDataBytes");
    }

    [Fact]
    public void Open_LargerThanAConfiguredLimit_Refused()
    {
        string path = this.Write(Valid());

        VolumeFormatException error = Assert.Throws<VolumeFormatException>(() => MrcFile.Open(path, new MrcReadOptions { MaxDataBytes = 200 }));

        Assert.Contains("declares 240 bytes of data (5 × 4 × 3 float32), more than the limit of 200 bytes", error.Message);
    }

    [Fact]
    public void Inspect_SeveralFaults_ReportsEveryOne()
    {
        byte[] file = With(With(With(Valid(), Mode, 4), MapC, 7), NSymbt, -1)[..1100];

        MrcInspection inspection = MrcValidator.Inspect(file, file.Length);

        string[] expected = ["Mode 4 is complex64, not an image", "mapc, mapr, maps = 7, 2, 3 is not an order", "nsymbt = -1, but"];
        Assert.Equal(expected.Length, inspection.Errors.Count);
        Assert.All(expected.Zip(inspection.Errors), pair => Assert.StartsWith(pair.First, pair.Second.Message));
        Assert.False(inspection.IsReadable);
    }

    [Fact]
    public void Open_NoMapIdButPlausible_ReadAsAnOlderFormat()
    {
        byte[] file = Valid();
        "    "u8.CopyTo(file.AsSpan(208));

        using MrcReader reader = MrcFile.Open(this.Write(file));

        Assert.Contains(reader.Warnings, issue => issue.Message.StartsWith("Map ID string 'MAP ' not found at byte 208: read as an older MRC format", StringComparison.Ordinal));
        Assert.Equal(new CzPick.Core.Geometry.Shape3(3, 4, 5), reader.Info.Shape);
    }

    [Fact]
    public void Open_UnknownStamp_AssumesTheOrderThatMakesSense()
    {
        byte[] file = Valid();
        file[212] = 0x12;
        file[213] = 0x34;

        using MrcReader reader = MrcFile.Open(this.Write(file));

        Assert.True(reader.Header.ByteOrderAssumed);
        Assert.Contains(reader.Warnings, issue => issue.Message.StartsWith(
            "The machine stamp 0x12 0x34 0x00 0x00 is not a known stamp (expected 0x44 0x44 or 0x44 0x41 for little-endian, 0x11 0x11 for big-endian): assumed little-endian because nx, ny, nz and mode make sense only in that order",
            StringComparison.Ordinal));
    }

    [Fact]
    public void Inspect_DeparturesFromMrc2014_Warnings()
    {
        byte[] file = With(With(Valid(), NVersion, 0), NLabl, 3);
        file = [.. file, 1, 2, 3];

        MrcInspection inspection = MrcValidator.Inspect(file, file.Length);

        Assert.True(inspection.IsReadable);
        Assert.Equal(
            ["The file holds 3 bytes after the 240-byte data block; they are ignored",
             "nversion = 0: the file does not declare MRC2014 (20140 or 20141)",
             "nlabl is 3 but 1 labels contain text"],
            inspection.Warnings.Select(issue => issue.Message));
    }

    [Fact]
    public void Inspect_ExtendedHeaderOfUnknownType_Warning()
    {
        byte[] file = File.ReadAllBytes(MrcFixtures.PathOf("float32_extended_header"));
        "ABCD"u8.CopyTo(file.AsSpan(104));

        MrcInspection inspection = MrcValidator.Inspect(file, file.Length);

        MrcIssue warning = Assert.Single(inspection.Warnings);
        Assert.StartsWith("The 192-byte extended header has no known type: exttyp is 'ABCD'", warning.Message);
    }

    [Fact]
    public void Inspect_LabelsWithAGap_Warning()
    {
        byte[] file = Valid();
        "second label after an empty one"u8.CopyTo(file.AsSpan(224 + (2 * 80)));
        file = With(file, NLabl, 2);

        MrcInspection inspection = MrcValidator.Inspect(file, file.Length);

        Assert.Equal(["Empty labels appear between labels with text"], inspection.Warnings.Select(issue => issue.Message));
    }

    [Fact]
    public void CheckStatistics_HeaderOfMrcfile_Matches()
    {
        MrcFixture expected = MrcFixtures.Expected("mode2_float32");
        MrcHeader header = MrcFile.Inspect(MrcFixtures.PathOf("mode2_float32")).Header!;

        IReadOnlyList<MrcIssue> issues = MrcValidator.CheckStatistics(header, new VolumeStatistics(expected.Count, expected.Min, expected.Max, expected.Mean, expected.Std));

        Assert.Empty(issues);
    }

    [Fact]
    public void CheckStatistics_StaleHeader_OneWarningPerStatistic()
    {
        MrcHeader header = MrcFile.Inspect(MrcFixtures.PathOf("mode2_float32")).Header!;

        IReadOnlyList<MrcIssue> issues = MrcValidator.CheckStatistics(header, new VolumeStatistics(60, -100, 100, 50, 20));

        Assert.Equal(["rms", "dmin", "dmax", "dmean"], issues.Select(issue => issue.Message.Split(' ')[2]));
    }

    [Fact]
    public void CheckStatistics_Undetermined_NoWarning()
    {
        MrcHeader header = MrcFile.Inspect(MrcFixtures.PathOf("mode2_float32")).Header! with { DMin = 0, DMax = -1, DMean = -2, Rms = -1 };

        Assert.Empty(MrcValidator.CheckStatistics(header, new VolumeStatistics(60, -100, 100, 50, 20)));
    }

    static byte[] Valid() => File.ReadAllBytes(MrcFixtures.PathOf("mode2_float32"));

    static byte[] With(byte[] file, int offset, int value)
    {
        byte[] copy = [.. file];
        BinaryPrimitives.WriteInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    string Write(byte[] bytes)
    {
        string path = this.directory.File($"malformed-{Guid.NewGuid():N}.mrc");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    void AssertRefused(byte[] file, string problem)
    {
        string path = this.Write(file);

        VolumeFormatException error = Assert.Throws<VolumeFormatException>(() => MrcFile.Open(path));

        Assert.Equal(path, error.SourceName);
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(problem, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
