using System.Text;
using System.Text.Json;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Outputs;

public sealed class RunSummaryJsonTests
{
    static readonly RunSummary Example = new(
        "TS_5_4",
        new DateTimeOffset(2026, 11, 25, 13, 45, 7, 123, TimeSpan.Zero),
        "0.1.0+abc",
        new RunSummaryInput("tomograms/TS_5_4.mrc", new Shape3(184, 630, 631), new VoxelSizeAngstrom(10.012, 10.012, 10.5)),
        new RunSummaryModel("sample", ["tiny.onnx", "medium.onnx"]),
        new Dictionary<string, int> { ["apo-ferritin"] = 12, ["ribosome"] = 0 },
        new Dictionary<string, double> { ["read"] = 1.25, ["predict"] = 61.5, ["total"] = 63.125 });

    [Fact]
    public void Write_Example_SnakeCaseWithNamedAxes()
    {
        using JsonDocument document = JsonDocument.Parse(WriteToString(Example));
        JsonElement root = document.RootElement;

        Assert.Equal(["run", "created", "czpick_version", "input", "model", "counts", "timings_seconds"], root.EnumerateObject().Select(p => p.Name));
        JsonElement shape = root.GetProperty("input").GetProperty("shape");
        Assert.Equal((184, 630, 631), (shape.GetProperty("z").GetInt32(), shape.GetProperty("y").GetInt32(), shape.GetProperty("x").GetInt32()));
        Assert.Equal(10.5, root.GetProperty("input").GetProperty("voxel_size").GetProperty("z").GetDouble());
        Assert.Equal("2026-11-25T13:45:07.123+00:00", root.GetProperty("created").GetString());
        Assert.Equal(12, root.GetProperty("counts").GetProperty("apo-ferritin").GetInt32());
        Assert.Equal(61.5, root.GetProperty("timings_seconds").GetProperty("predict").GetDouble());
        Assert.Equal(["tiny.onnx", "medium.onnx"], root.GetProperty("model").GetProperty("members").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void Read_WrittenFile_EqualsWhatWasWritten()
    {
        using TempDirectory temp = new();
        string path = temp.File("TS_5_4", "summary.json");

        RunSummaryJson.Write(path, Example);
        RunSummary read = RunSummaryJson.Read(path);

        Assert.Equal((Example.Run, Example.Created, Example.CzPickVersion, Example.Input), (read.Run, read.Created, read.CzPickVersion, read.Input));
        Assert.Equal(Example.Model.Name, read.Model.Name);
        Assert.Equal(Example.Model.Members, read.Model.Members);
        Assert.Equal(Example.Counts, read.Counts);
        Assert.Equal(Example.TimingsSeconds, read.TimingsSeconds);
    }

    [Theory]
    [InlineData("run", "\"\"", "run is empty; expected the run name.")]
    [InlineData("run", "null", "run")]
    [InlineData("input", """{"file": "a.mrc", "shape": {"z": 0, "y": 1, "x": 1}, "voxel_size": {"x": 1, "y": 1, "z": 1}}""", "shape (z 0, y 1, x 1) holds a number that is not a positive whole number of voxels.")]
    [InlineData("input", """{"file": "a.mrc", "shape": {"z": 2, "y": 1}, "voxel_size": {"x": 1, "y": 1, "z": 1}}""", "shape lacks an axis; expected {\"x\": …, \"y\": …, \"z\": …}.")]
    [InlineData("input", """{"file": "a.mrc", "shape": [184, 630, 630], "voxel_size": {"x": 1, "y": 1, "z": 1}}""", "shape is not an object")]
    [InlineData("input", """{"file": "a.mrc", "shape": {"z": 2, "y": 1, "x": 1}, "voxel_size": {"x": 1, "y": -1, "z": 1}}""", "input.voxel_size is 1 × -1 × 1 Å (x, y, z); expected positive sizes in Å.")]
    [InlineData("counts", """{"ribosome": -1}""", "counts.ribosome is -1; expected a count of picks, 0 or more.")]
    [InlineData("counts", """{"ribosome": 1.5}""", "could not be converted")]
    [InlineData("timings_seconds", """{"read": -0.5}""", "timings_seconds.read is -0.5; expected seconds, 0 or more.")]
    public void Read_MalformedField_NamesFileAndProblem(string field, string value, string expected)
    {
        using JsonDocument example = JsonDocument.Parse(WriteToString(Example));
        StringBuilder json = new("{");
        foreach (JsonProperty property in example.RootElement.EnumerateObject())
        {
            json.Append(json.Length > 1 ? "," : "").Append($"\"{property.Name}\":").Append(property.Name == field ? value : property.Value.GetRawText());
        }

        using TempDirectory temp = new();
        string path = temp.File("summary.json");
        File.WriteAllText(path, json.Append('}').ToString());

        RunSummaryFormatException error = Assert.Throws<RunSummaryFormatException>(() => RunSummaryJson.Read(path));

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingField_SaysWhichAndWhatASummaryHolds()
    {
        using TempDirectory temp = new();
        string path = temp.File("summary.json");
        File.WriteAllText(path, """{"run": "TS_1"}""");

        RunSummaryFormatException error = Assert.Throws<RunSummaryFormatException>(() => RunSummaryJson.Read(path));

        Assert.Contains("missing required properties", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("Expected a CzPick summary.json (run, created, czpick_version, input, model, counts, timings_seconds).", error.Message, StringComparison.Ordinal);
    }

    static string WriteToString(RunSummary summary)
    {
        using MemoryStream stream = new();
        RunSummaryJson.Write(stream, summary);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
