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

        Assert.Equal(expected.GetProperty("voxelSize")[0].GetDouble(), info.GetProperty("voxelSize").GetDouble(), 1e-9);
        Assert.Equal(expected.GetProperty("min").GetDouble(), info.GetProperty("min").GetDouble());
        Assert.Equal(expected.GetProperty("max").GetDouble(), info.GetProperty("max").GetDouble());
        Assert.Equal(expected.GetProperty("mean").GetDouble(), info.GetProperty("mean").GetDouble(), Math.Abs(expected.GetProperty("mean").GetDouble()) * 1e-12);
        Assert.Equal(expected.GetProperty("std").GetDouble(), info.GetProperty("std").GetDouble(), expected.GetProperty("std").GetDouble() * 1e-12);
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()), info.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
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

    static JsonElement Expected(string name)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures, "expected.json")));
        return document.RootElement.GetProperty(name).Clone();
    }
}
