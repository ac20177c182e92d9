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
    }

    [Fact]
    public async Task Bench_UnknownSection_ExitTwoNamingTheSections()
    {
        CliResult result = await CliProcess.RunAsync("bench", "--only", "nonsense");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: No bench section named nonsense; the sections are read, phantom.{Environment.NewLine}", result.Error);
    }
}
