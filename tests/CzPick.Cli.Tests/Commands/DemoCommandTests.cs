using CzPick.Core.Outputs;

namespace CzPick.Cli.Tests.Commands;

/// <summary>Runs the built `czpick demo` on a small phantom and checks it against the verbs it stands for.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_SmallPhantom_SameOutputsAsPhantomPickScoreAndReport()
    {
        using TempDirectory temp = new();
        string model = TestInputs.WriteModel(temp.File("model"));
        string demo = temp.File("demo");

        CliResult result = await CliProcess.RunAsync("demo", "--out", demo, "--model", model, "--size", "24,64,72", "--device", "cpu");

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));

        // The default seed's phantom, byte for byte what `czpick phantom` makes.
        CliResult phantom = await CliProcess.RunAsync("phantom", "--out", temp.File("phantom"), "--seed", "3000", "--shape", "24,64,72");
        Assert.Equal(0, phantom.ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("phantom", "TS_phantom_3000.mrc")), File.ReadAllBytes(Path.Combine(demo, "TS_phantom_3000.mrc")));

        // Its picks, byte for byte what `czpick pick` writes for that tomogram, TTA included.
        CliResult pick = await CliProcess.RunAsync("pick", Path.Combine(demo, "TS_phantom_3000.mrc"), "--out", temp.File("pick"), "--model", model, "--device", "cpu");
        Assert.Equal(0, pick.ExitCode);
        Assert.Equal(File.ReadAllBytes(temp.File("pick", "picks.csv")), File.ReadAllBytes(Path.Combine(demo, "picks", "picks.csv")));
        Assert.Equal(
            RunSummaryJson.Read(temp.File("pick", "TS_phantom_3000", "summary.json")).Counts,
            RunSummaryJson.Read(Path.Combine(demo, "picks", "TS_phantom_3000", "summary.json")).Counts);

        // Its table, line for line what `czpick score` prints for those picks and truth.
        CliResult score = await CliProcess.RunAsync("score", "--truth", Path.Combine(demo, "truth"), "--picks", Path.Combine(demo, "picks", "picks.csv"));
        Assert.Equal(0, score.ExitCode);
        int table = Array.IndexOf(result.Lines, "3/4 Scoring the picks against the truth") + 1;
        Assert.Equal(score.Lines, result.Lines[table..(table + score.Lines.Length)]);

        string report = File.ReadAllText(Path.Combine(demo, "report.html"));
        Assert.Contains("TS_phantom_3000", report, StringComparison.Ordinal);
        Assert.Contains("data:image/png;base64,", report, StringComparison.Ordinal);
        Assert.Contains($"report   {Path.Combine(demo, "report.html")}", result.Lines);
        Assert.Matches(@"^Done in \d+\.\d s \(phantom \d+\.\d s, picking \d+\.\d s\): \d+ picks, score \d\.\d{4}\.$", result.Lines[^1]);
    }

    [Fact]
    public async Task Demo_MissingModel_ExitTwoBeforeMakingThePhantom()
    {
        using TempDirectory temp = new();

        CliResult result = await CliProcess.RunAsync("demo", "--out", temp.File("demo"), "--model", temp.File("none"), "--size", "24,64,72");

        Assert.Equal((2, $"czpick: --model {temp.File("none")}: no such directory; expected a directory with ensemble.json and its .onnx members.{Environment.NewLine}"), (result.ExitCode, result.Error));
        Assert.False(Directory.Exists(temp.File("demo")));
    }

    [Fact]
    public async Task Demo_BadSize_ExitTwoNamingTheOption()
    {
        using TempDirectory temp = new();

        CliResult result = await CliProcess.RunAsync("demo", "--out", temp.File("demo"), "--size", "24,64");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--size must be three positive integers Z,Y,X (e.g. 184,630,630), not '24,64'.", result.Error, StringComparison.Ordinal);
    }
}
