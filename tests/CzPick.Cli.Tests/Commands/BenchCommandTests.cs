using CzPick.Cli.Bench;

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
    public async Task Bench_ZarrReadOnASmallStore_ReportsThroughputAndStatistics()
    {
        string store = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", "TS_demo.zarr");

        CliResult result = await CliProcess.RunAsync("bench", "--only", "zarr-read", "--file", store, "--repeat", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("zarr-read: 16×24×28 float32, chunks 8×16×16, blosc zstd, byte shuffle", result.Output);
        Assert.Matches(@"whole volume, chunks cached\s+best \d+ M voxels/s", result.Output);
        Assert.Contains("statistics                         min -2.59127, max 2.6476", result.Output);
    }

    [Fact]
    public async Task Bench_ReadGivenAZarrStore_SkipsTheMrcSection()
    {
        string store = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", "TS_demo.zarr");

        CliResult result = await CliProcess.RunAsync("bench", "--only", "read", "--file", store, "--repeat", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["read: skipped, --file is a Zarr store (see zarr-read)", "{}"], result.Lines);
    }

    [Fact]
    public async Task Bench_UnknownSection_ExitTwoNamingTheSections()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "nonsense");

        Assert.Equal(2, result.ExitCode);
        string sections = string.Join(", ", BenchSections.All().Select(section => section.Name));
        Assert.Equal($"czpick: No bench section named nonsense; the sections are {sections}.{Environment.NewLine}", result.Error);
    }

    [Fact]
    public async Task Bench_CommaSeparatedSections_EachNameChecked()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "read,nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("czpick: No bench section named nonsense;", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bench_QuickOnnx_KeyFiguresAsTheLastLine()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "onnx", "--quick");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"FMA peak \(Vector(128|256|512), \d+ threads\)\s+median \d+ GFLOP/s wall over 6 measurements", result.Output);
        Assert.Contains("convolution FLOPs of one window (2 per multiply-add) ÷ wall time inside InferenceSession.Run", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"tiny \(1\.9 GFLOP/window\)\s+\d+\.\d+ windows/s", result.Output);
        Assert.Matches(@"ONNX Runtime MatMul 256³\s+\d+ GFLOP/s = \d+ % of the FMA peak around it: .*; the three UNets run at \d+ % of it", result.Output);
        using System.Text.Json.JsonDocument figures = System.Text.Json.JsonDocument.Parse(result.Lines[^1]);
        foreach (string key in (string[])["gflops", "peak_gflops", "efficiency", "gflops_tiny", "gflops_medium", "gflops_big", "efficiency_tiny", "efficiency_medium", "efficiency_big", "ceiling_gflops", "ceiling_efficiency", "fused_speedup"])
        {
            Assert.True(figures.RootElement.GetProperty(key).GetDouble() > 0, key);
        }
    }

    [Fact]
    public async Task Bench_QuickEndToEnd_OverheadRatioPeakMemoryAndRecall()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "e2e", "--quick");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"overhead ratio \(whole / ONNX\)\s+\d+\.\d+", result.Output);
        Assert.Matches(@"picks\s+10 of 10 planted particles found", result.Output);
        Assert.Matches(@"where the time outside ONNX went\s+statistics \d+\.\d s, read \d+\.\d s, .*; process start, model load and exit -?\d+\.\d s", result.Output);
        using System.Text.Json.JsonDocument figures = System.Text.Json.JsonDocument.Parse(result.Lines[^1]);
        foreach (string key in (string[])["e2e_seconds", "onnx_seconds", "overhead_ratio", "peak_rss_mb"])
        {
            Assert.True(figures.RootElement.GetProperty(key).GetDouble() > 0, key);
        }
    }
}
