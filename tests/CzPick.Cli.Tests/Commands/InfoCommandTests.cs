using System.Buffers.Binary;
using System.Text.Json;

namespace CzPick.Cli.Tests.Commands;

public sealed class InfoCommandTests : IDisposable
{
    static readonly string Fixtures = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "mrc");

    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Theory]
    [InlineData("mode2_float32")]
    [InlineData("mode6_uint16_be")]
    [InlineData("float32_axes_312")]
    public async Task Info_Json_OneObjectWithTheFilesFacts(string name)
    {
        JsonElement expected = Expected(name);

        CliResult result = await CliProcess.RunAsync("info", Fixture(name), "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        JsonElement info = json.RootElement;
        Assert.Equal(JsonValueKind.Object, info.ValueKind);
        foreach (string field in new[] { "nx", "ny", "nz", "mode" })
        {
            Assert.Equal(expected.GetProperty(field).GetInt32(), info.GetProperty(field).GetInt32());
        }

        // mrcfile gives the float32 (10.0120000839…); czpick its seven-digit decimal (10.012): equal to float32's precision.
        double voxelSize = expected.GetProperty("voxelSize")[0].GetDouble();
        Assert.Equal(voxelSize, info.GetProperty("voxelSize").GetDouble(), 1e-6 * voxelSize);
        Assert.Equal(expected.GetProperty("min").GetDouble(), info.GetProperty("min").GetDouble());
        Assert.Equal(expected.GetProperty("max").GetDouble(), info.GetProperty("max").GetDouble());
        Assert.Equal(expected.GetProperty("mean").GetDouble(), info.GetProperty("mean").GetDouble(), Math.Abs(expected.GetProperty("mean").GetDouble()) * 1e-12);
        Assert.Equal(expected.GetProperty("std").GetDouble(), info.GetProperty("std").GetDouble(), expected.GetProperty("std").GetDouble() * 1e-12);
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), info.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task Info_ZarrStoreAndMrcOfTheSameVolume_SameStatistics()
    {
        // make_fixtures.py wrote TS_demo.zarr (level 0) with zarr and TS_demo.mrc with mrcfile from one array.
        CliResult zarr = await CliProcess.RunAsync("info", ZarrFixture("TS_demo.zarr"), "--json");
        CliResult mrc = await CliProcess.RunAsync("info", ZarrFixture("TS_demo.mrc"), "--json");

        Assert.Equal(0, zarr.ExitCode);
        Assert.Equal(0, mrc.ExitCode);
        using JsonDocument zarrJson = JsonDocument.Parse(zarr.Output);
        using JsonDocument mrcJson = JsonDocument.Parse(mrc.Output);
        JsonElement fromZarr = zarrJson.RootElement;
        Assert.Equal("OME-Zarr", fromZarr.GetProperty("format").GetString());
        Assert.Equal(["0", "1", "2"], fromZarr.GetProperty("levels").EnumerateArray().Select(l => l.GetProperty("path").GetString()));
        Assert.Equal([8, 16, 16], fromZarr.GetProperty("chunks").EnumerateArray().Select(e => e.GetInt32()));
        foreach (string field in new[] { "count", "min", "max", "mean", "std" })
        {
            Assert.Equal(mrcJson.RootElement.GetProperty(field).GetDouble(), fromZarr.GetProperty(field).GetDouble());
        }

        Assert.Equal(mrcJson.RootElement.GetProperty("shape").GetRawText(), fromZarr.GetProperty("shape").GetRawText());
        Assert.Equal(mrcJson.RootElement.GetProperty("voxelSize").GetDouble(), fromZarr.GetProperty("voxelSize").GetDouble(), 1e-4);
    }

    [Fact]
    public async Task Info_ZarrLevelWithoutUnit_ThatLevelAndTheAssumption()
    {
        CliResult result = await CliProcess.RunAsync("info", ZarrFixture("TS_nounit.zarr"), "--level", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Dimensions    volume 8×12×14 (z×y×x), level 1 of 3", result.Output);
        Assert.Contains("Voxel size    20.024, 20.024, 20.024 Å (x, y, z)", result.Output);
        Assert.Contains("Warning       the axes have no unit; assumed Å, as the CryoET Data Portal and copick write", result.Output);
    }

    [Fact]
    public async Task Info_TruncatedZarrChunk_ExitTwoAndOneLineNamingTheChunk()
    {
        string store = Path.Combine(this.directory.Path, "TS_demo.zarr");
        foreach (string file in Directory.EnumerateFiles(ZarrFixture("TS_demo.zarr"), "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(store, Path.GetRelativePath(ZarrFixture("TS_demo.zarr"), file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        string chunk = Path.Combine(store, "0", "1.1.1");
        File.WriteAllBytes(chunk, File.ReadAllBytes(chunk)[..100]);

        CliResult result = await CliProcess.RunAsync("info", store);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"czpick: {chunk}: Blosc buffer truncated: its header says ", result.Error);
        Assert.EndsWith("bytes, but only 100 are stored.", result.Error.TrimEnd());
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Info_ZeroedStampOnBigEndianData_SaysWhatItAssumed()
    {
        CliResult text = await CliProcess.RunAsync("info", Fixture("int16_be_stamp_zeroed"));
        CliResult json = await CliProcess.RunAsync("info", Fixture("int16_be_stamp_zeroed"), "--json");

        Assert.Contains("Byte order    big-endian, assumed: the stamp is missing or contradicted (0x00 0x00 0x00 0x00)", text.Output);
        using JsonDocument document = JsonDocument.Parse(json.Output);
        Assert.Equal("big-endian", document.RootElement.GetProperty("byteOrder").GetString());
        Assert.True(document.RootElement.GetProperty("byteOrderAssumed").GetBoolean());
        Assert.StartsWith("The machine stamp 0x00 0x00 0x00 0x00 is zeroed", document.RootElement.GetProperty("warnings")[0].GetString());
    }

    [Fact]
    public async Task Info_TruncatedFile_ExitTwoAndOneLineNamingTheFile()
    {
        string path = this.directory.File("truncated.mrc");
        File.WriteAllBytes(path, File.ReadAllBytes(Fixture("mode2_float32"))[..1100]);

        CliResult result = await CliProcess.RunAsync("info", path, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(string.Empty, result.Output);
        Assert.Equal(
            $"czpick: {path}: Expected 240 bytes of data (5 × 4 × 3 float32) but the file holds only 76: it is truncated (was a copy or upload cut short?){Environment.NewLine}",
            result.Error);
    }

    [Fact]
    public async Task Info_MissingFile_ExitTwoAndOneLine()
    {
        string path = this.directory.File("absent.mrc");

        CliResult result = await CliProcess.RunAsync("info", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains(path, result.Error);
    }

    [Fact]
    public async Task Info_ValidateMalformedFile_EveryProblemAndExitOne()
    {
        byte[] file = File.ReadAllBytes(Fixture("mode2_float32"));
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(12), 4);
        BinaryPrimitives.WriteInt32LittleEndian(file.AsSpan(64), 9);
        string path = this.directory.File("two-faults.mrc");
        File.WriteAllBytes(path, file);

        CliResult result = await CliProcess.RunAsync("info", path, "--validate", "--json");

        Assert.Equal(1, result.ExitCode);
        using JsonDocument json = JsonDocument.Parse(result.Output);
        Assert.False(json.RootElement.GetProperty("valid").GetBoolean());
        string[] errors = [.. json.RootElement.GetProperty("problems").EnumerateArray()
            .Where(problem => problem.GetProperty("severity").GetString() == "error")
            .Select(problem => problem.GetProperty("message").GetString()!)];
        Assert.Equal(2, errors.Length);
        Assert.StartsWith("Mode 4 is complex64", errors[0]);
        Assert.StartsWith("mapc, mapr, maps = 9, 2, 3", errors[1]);
    }

    [Fact]
    public async Task Info_ValidateFileCzPickWrote_ValidExitZero()
    {
        CliResult result = await CliProcess.RunAsync("info", Path.Combine(Fixtures, "written", "mode12.mrc"), "--validate");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Validation    valid MRC2014, no problems found", result.Output);
    }

    static string Fixture(string name) => Path.Combine(Fixtures, name + ".mrc");

    static string ZarrFixture(string name) => Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", name);

    static JsonElement Expected(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json")));
        return document.RootElement.GetProperty(name).Clone();
    }
}
