using System.Text.Json;
using CzPick.Core.Copick;
using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Cli.Tests.Commands;

/// <summary>Runs the built `czpick score` as a process, so exit codes and the one-line errors are the real ones.</summary>
public sealed class ScoreCommandTests
{
    static readonly string Oracle = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Scoring");

    [Fact]
    public async Task Score_PerfectPicksInTheSameOverlay_TableEndsWithScoreOne()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        Pick[] truth = [.. ParticleCatalog.Czii.Particles.Select((p, i) => new Pick(p.Name, 1000 * i, 50, 50, 1))];
        foreach (Pick pick in truth)
        {
            overlay.Write(CopickPicksFile.FromPicks("TS_1", pick.Particle, "curation", "0", 10.012, [pick]));
            overlay.Write(CopickPicksFile.FromPicks("TS_1", pick.Particle, "czpick", "0", 10.012, [pick with { XAngstrom = pick.XAngstrom + 5 }]));
        }

        CliResult result = await RunAsync("score", "--truth", temp.Path, "--user", "curation", "--picks", temp.Path, "--picks-user", "czpick");

        Assert.Equal((0, ""), (result.ExitCode, result.Error));
        string[] lines = result.Lines;
        Assert.Equal("1 run(s), 6 reference particles, 6 picks", lines[0]);
        Assert.Matches(@"^particle\s+weight\s+TP\s+FP\s+FN\s+precision\s+recall\s+F-beta$", lines[1]);
        Assert.Matches(@"^beta-galactosidase\s+2\s+1\s+0\s+0\s+1\.0000\s+1\.0000\s+1\.0000$", lines[4]);
        Assert.Equal("score 1.0000", lines[^1]);
    }

    [Fact]
    public async Task Score_CompetitionCsvAsJson_OracleScore()
    {
        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--picks", Path.Combine(Oracle, "submission.csv"), "--json");

        Assert.Equal(0, result.ExitCode);
        using JsonDocument report = JsonDocument.Parse(result.Output);
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Oracle, "expected.json")));
        Assert.Equal(expected.RootElement.GetProperty("score").GetDouble(), report.RootElement.GetProperty("score").GetDouble(), 1e-12);
        Assert.Equal(4, report.RootElement.GetProperty("beta").GetDouble());
        Assert.Equal(["TS_99_9"], report.RootElement.GetProperty("ignored_runs").EnumerateArray().Select(r => r.GetString()));
        JsonElement ribosome = report.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("particle").GetString() == "ribosome");
        JsonElement expectedRibosome = expected.RootElement.GetProperty("classes").EnumerateArray().Single(c => c.GetProperty("particle").GetString() == "ribosome");
        Assert.Equal(expectedRibosome.GetProperty("tp").GetInt32(), ribosome.GetProperty("true_positives").GetInt32());
        Assert.Equal(expectedRibosome.GetProperty("fp").GetInt32(), ribosome.GetProperty("false_positives").GetInt32());
    }

    [Fact]
    public async Task Score_CompetitionCsvTable_NotesIgnoredRunThenScore()
    {
        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--picks", Path.Combine(Oracle, "submission.csv"));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ignored 2 picks of 1 run(s) without truth: TS_99_9", result.Lines[^2]);
        Assert.Equal("score 0.5053", result.Lines[^1]);
    }

    [Fact]
    public async Task Score_PicksOptionMissing_ExitTwoOneLine()
    {
        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"));

        Assert.Equal((2, ""), (result.ExitCode, result.Output));
        Assert.Equal("czpick: Option '--picks' is required. See 'czpick score --help'.\n", result.Error);
    }

    [Fact]
    public async Task Score_TruthDirectoryMissing_ExitTwoOneLine()
    {
        using TempDirectory temp = new();
        string missing = temp.File("nowhere");

        CliResult result = await RunAsync("score", "--truth", missing, "--picks", Path.Combine(Oracle, "submission.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: --truth: {missing} is not a directory; expected a copick overlay root holding ExperimentRuns/{{run}}/Picks/*.json.\n", result.Error);
    }

    [Fact]
    public async Task Score_MalformedCsv_ExitTwoNamesFileAndLine()
    {
        using TempDirectory temp = new();
        string csv = temp.File("picks.csv");
        File.WriteAllText(csv, "id,experiment,particle_type,x,y,z\n0,TS_5_4,ribosome,1,2,3\n1,TS_5_4,ribosome,1;2,3\n");

        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--picks", csv);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: {csv}: line 3: 5 fields; expected 6, as in the header.\n", result.Error);
    }

    [Fact]
    public async Task Score_UnknownParticleType_ExitTwoListsKnownTypes()
    {
        using TempDirectory temp = new();
        string csv = temp.File("picks.csv");
        File.WriteAllText(csv, "id,experiment,particle_type,x,y,z\n0,TS_5_4,proteasome,1,2,3\n");

        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--picks", csv);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("czpick: The picks of run TS_5_4 hold a 'proteasome' particle, a type the scorer does not know; expected one of: apo-ferritin,", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Score_TruthWithTwoUsersAndNoFilter_ExitTwoAsksToChoose()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "curation", "0", 10, []));
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "0", 10, []));

        CliResult result = await RunAsync("score", "--truth", temp.Path, "--picks", temp.Path, "--picks-user", "czpick");

        Assert.Equal(2, result.ExitCode);
        Assert.EndsWith("2 files hold ribosome picks (user/session curation/0, czpick/0); choose one user and session.\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_TruthFilterMatchesNothing_ExitTwoSaysSo()
    {
        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--user", "nobody", "--picks", Path.Combine(Oracle, "submission.csv"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("holds no picks files of user nobody under ExperimentRuns/{run}/Picks/; nothing to score against.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_PicksUserWithCsv_ExitTwo()
    {
        string csv = Path.Combine(Oracle, "submission.csv");

        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--picks", csv, "--picks-user", "czpick");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: --picks-user and --picks-session select files of a copick overlay; {csv} is a CSV file.\n", result.Error);
    }

    [Fact]
    public async Task Score_MalformedConfig_ExitTwoNamesObject()
    {
        using TempDirectory temp = new();
        string config = temp.File("copick.config");
        File.WriteAllText(config, """{"pickable_objects": [{"name": "apo_ferritin", "is_particle": true, "radius": 60}]}""");

        CliResult result = await RunAsync("score", "--truth", Path.Combine(Oracle, "truth"), "--picks", Path.Combine(Oracle, "submission.csv"), "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"czpick: {config}: pickable_objects[0].name 'apo_ferritin' contains '_'", result.Error, StringComparison.Ordinal);
    }

    static Task<CliResult> RunAsync(params string[] args) => CliProcess.RunAsync(args);
}
