using CzPick.Core.Copick;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Cli.Tests.Commands;

/// <summary>Runs the built `czpick report` as a process on MRC files written for each test.</summary>
public sealed class ReportCommandTests : IDisposable
{
    static readonly Pick Ribosome = new("ribosome", 240, 240, 120, 0.8f);

    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public async Task Report_VolumePicksAndTruth_OneSelfContainedPageWithTheMetric()
    {
        string volume = await this.WriteVolumeAsync("TS_1");
        CopickOverlay overlay = new(this.directory.File("overlay"));
        overlay.WriteRun("TS_1", "czpick", "0", 10, ["ribosome"], [Ribosome, Ribosome with { XAngstrom = 60 }]);
        overlay.WriteRun("TS_1", "curation", "0", 10, ["ribosome"], [Ribosome with { Score = 1 }]);
        string output = this.directory.File("report");

        CliResult result = await CliProcess.RunAsync(
            "report", "--volume", volume, "--picks", overlay.Root, "--picks-user", "czpick", "--truth", overlay.Root, "--user", "curation", "--out", output, "--slices", "3");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Equal([Path.Combine(output, "TS_1.html")], result.Lines);
        string html = File.ReadAllText(Path.Combine(output, "TS_1.html"));
        Assert.Contains("<h1 id=\"run\">TS_1</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<tr data-particle=\"ribosome\"><td>ribosome</td><td>1</td><td class=\"tp\">1</td><td class=\"fp\">1</td><td class=\"fn\">0</td>", html, StringComparison.Ordinal);
        Assert.Equal(3 + 3, html.Split("<img src=\"data:image/png;base64,").Length - 1);
    }

    [Fact]
    public async Task Report_TwoVolumesAndCsvPicks_PagesIndexAndNotesOnWhatDidNotMatch()
    {
        string first = await this.WriteVolumeAsync("TS_1");
        string second = await this.WriteVolumeAsync("TS_2");
        string csv = this.directory.File("picks.csv");
        File.WriteAllText(csv, "id,experiment,particle_type,x,y,z\n0,TS_1,ribosome,240,240,120\n1,TS_9,ribosome,240,240,120\n");
        string output = this.directory.File("report");

        CliResult result = await CliProcess.RunAsync("report", "--volume", first, "--volume", second, "--picks", csv, "--out", output, "--slices", "2");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Equal(
            [
                "note: --picks has no picks of run TS_2; its report shows the tomogram only.",
                "note: picks of 1 run(s) have no --volume and are not reported: TS_9.",
                Path.Combine(output, "TS_1.html"),
                Path.Combine(output, "TS_2.html"),
                Path.Combine(output, "index.html"),
            ],
            result.Lines);
        Assert.Contains("<a href=\"TS_2.html\">TS_2</a>", File.ReadAllText(Path.Combine(output, "index.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_RunNamedOnTheCommandLine_PicksOfThatRun()
    {
        string volume = await this.WriteVolumeAsync("phantom");
        string csv = this.directory.File("picks.csv");
        File.WriteAllText(csv, "id,experiment,particle_type,x,y,z\n0,TS_7,ribosome,240,240,120\n");

        CliResult result = await CliProcess.RunAsync("report", "--volume", volume, "--run", "TS_7", "--picks", csv, "--out", this.directory.File("r.html"), "--slices", "1");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Matches("<tr data-particle=\"ribosome\">.*<td class=\"picks\">1</td>", File.ReadAllText(this.directory.File("r.html")));
    }

    [Fact]
    public async Task Report_Summaries_MatchedByRunTheOtherNoted()
    {
        string volume = await this.WriteVolumeAsync("TS_1");
        string mine = this.WriteSummary("TS_1", "sample");
        string other = this.WriteSummary("TS_9", "other");

        CliResult result = await CliProcess.RunAsync(
            "report", "--volume", volume, "--picks", this.WriteEmptyCsv(), "--summary", mine, "--summary", other, "--out", this.directory.File("r.html"), "--slices", "1");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        Assert.Contains("note: the --summary of run TS_9 matches no --volume and is not shown.", result.Lines);
        Assert.Contains("Picked with model sample (tiny.onnx) by CzPick 0.1.0", File.ReadAllText(this.directory.File("r.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_OmeZarrStore_RunNamedAfterTheStore()
    {
        string store = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", "TS_demo.zarr");
        string csv = this.directory.File("picks.csv");
        File.WriteAllText(csv, "id,experiment,particle_type,x,y,z\n0,TS_demo,ribosome,100,100,50\n");

        CliResult result = await CliProcess.RunAsync("report", "--volume", store, "--picks", csv, "--out", this.directory.File("out"), "--slices", "2");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        string html = File.ReadAllText(this.directory.File("out", "TS_demo.html"));
        Assert.Contains("16 × 24 × 28 voxels (z, y, x) · voxel size 10.012 Å · OME-Zarr", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_TwoVolumesToOneFile_ExitTwoOneLine()
    {
        string first = await this.WriteVolumeAsync("TS_1");
        string second = await this.WriteVolumeAsync("TS_2");
        string csv = this.WriteEmptyCsv();
        string output = this.directory.File("report.html");

        CliResult result = await CliProcess.RunAsync("report", "--volume", first, "--volume", second, "--picks", csv, "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: {output} is one file, but there are 2 runs; give a directory to write one report per run and an index.\n", result.Error);
    }

    [Theory]
    [InlineData("1,2", "--center '1,2' is not a voxel; expected three whole numbers z,y,x, e.g. 92,315,315.")]
    [InlineData("99,0,0", "The orthogonal slices' centre (99, 0, 0) (z, y, x) lies outside the 24×48×48 volume of TS_1; expected a voxel inside it.")]
    public async Task Report_BadCenter_ExitTwoSaysWhy(string center, string message)
    {
        string volume = await this.WriteVolumeAsync("TS_1");

        CliResult result = await CliProcess.RunAsync("report", "--volume", volume, "--picks", this.WriteEmptyCsv(), "--out", this.directory.File("out"), "--center", center);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: {message}\n", result.Error);
    }

    [Fact]
    public async Task Report_MissingVolume_ExitTwoNamesTheFile()
    {
        string missing = this.directory.File("absent.mrc");

        CliResult result = await CliProcess.RunAsync("report", "--volume", missing, "--picks", this.WriteEmptyCsv(), "--out", this.directory.File("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.Contains(missing, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_RunWithTwoVolumes_ExitTwo()
    {
        string first = await this.WriteVolumeAsync("TS_1");

        CliResult result = await CliProcess.RunAsync("report", "--volume", first, "--volume", first, "--run", "TS_1", "--picks", this.WriteEmptyCsv(), "--out", this.directory.File("out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("czpick: --run names the run of one tomogram, but 2 --volume options are given.\n", result.Error);
    }

    /// <summary>Writes a 24 × 48 × 48 MRC at 10 Å with a brighter ball where <see cref="Ribosome"/> is.</summary>
    async Task<string> WriteVolumeAsync(string run)
    {
        using DenseVolume volume = new(run, new Shape3(24, 48, 48), VoxelSizeAngstrom.Isotropic(10));
        for (int z = 0; z < 24; z++)
        {
            for (int y = 0; y < 48; y++)
            {
                for (int x = 0; x < 48; x++)
                {
                    volume[z, y, x] = ((z - 12) * (z - 12)) + ((y - 24) * (y - 24)) + ((x - 24) * (x - 24)) <= 15 * 15 ? 1 : (x + y) % 3;
                }
            }
        }

        string path = this.directory.File($"{run}.mrc");
        await MrcWriter.WriteAsync(path, volume);
        return path;
    }

    string WriteSummary(string run, string model)
    {
        string path = this.directory.File($"{run}-summary.json");
        RunSummaryJson.Write(path, new RunSummary(
            run,
            DateTimeOffset.UnixEpoch,
            "0.1.0",
            new RunSummaryInput($"{run}.mrc", new Shape3(24, 48, 48), VoxelSizeAngstrom.Isotropic(10)),
            new RunSummaryModel(model, ["tiny.onnx"]),
            new Dictionary<string, int>(),
            new Dictionary<string, double>()));
        return path;
    }

    string WriteEmptyCsv()
    {
        string path = this.directory.File("empty.csv");
        File.WriteAllText(path, "id,experiment,particle_type,x,y,z\n");
        return path;
    }
}
