namespace CzPick.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_ReadOnASmallFile_ReportsThroughputAndPeakMemory()
    {
        string file = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "mrc", "mode2_float32.mrc");

        CliResult result = await CliProcess.RunAsync("bench", "--only", "read", "--file", file, "--repeat", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("read: MRC read + statistics, 3×4×5 float32", result.Output);
        Assert.Matches(@"read \+ statistics \(one pass\)\s+best \d+ M voxels/s", result.Output);
        Assert.Matches(@"peak RSS \(read \+ statistics\)\s+\d+ MB", result.Output);
        Assert.StartsWith("{", result.Lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_UnknownSection_ExitTwoNamingTheSections()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("czpick: No bench section named nonsense; the sections are read, ", result.Error, StringComparison.Ordinal);
        Assert.Contains("onnx, e2e", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_QuickOnnxAndEndToEnd_KeyFiguresAsTheLastLine()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "onnx", "e2e", "--quick");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"FMA peak \(Vector(128|256|512), \d+ threads\)\s+\d+ GFLOP/s wall", result.Output);
        Assert.Matches(@"overhead ratio \(whole / ONNX\)\s+\d+\.\d+", result.Output);
        using System.Text.Json.JsonDocument figures = System.Text.Json.JsonDocument.Parse(result.Lines[^1]);
        foreach (string key in (string[])["gflops", "peak_gflops", "efficiency", "overhead_ratio", "peak_rss_mb", "fused_speedup"])
        {
            Assert.True(figures.RootElement.GetProperty(key).GetDouble() > 0, key);
        }
    }
}
