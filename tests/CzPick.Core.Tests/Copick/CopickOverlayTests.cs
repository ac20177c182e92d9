using CzPick.Core.Copick;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Copick;

public sealed class CopickOverlayTests
{
    static readonly string CopickWritten = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Copick", "copick-written");

    [Fact]
    public void PicksRelativePath_Names_CopickLayout()
    {
        Assert.Equal("ExperimentRuns/TS_5_4/Picks/czpick_0_beta-galactosidase.json", CopickOverlay.PicksRelativePath("TS_5_4", "czpick", "0", "beta-galactosidase"));
    }

    [Fact]
    public void PicksRelativePath_UnderscoreInObject_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => CopickOverlay.PicksRelativePath("TS_5_4", "czpick", "0", "beta_galactosidase"));

        Assert.Contains("object name 'beta_galactosidase' contains '_'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenReadPicks_SameFilesAtCopickPaths()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        CopickPicksFile[] written =
        [
            CopickPicksFile.FromPicks("TS_5_4", "apo-ferritin", "czpick", "0", 10.012, [new Pick("apo-ferritin", 1, 2, 3, 0.5f)]),
            CopickPicksFile.FromPicks("TS_5_4", "ribosome", "czpick", "0", 10.012, [new Pick("ribosome", 4, 5, 6, 0.25f), new Pick("ribosome", 7, 8, 9, 1)]),
            CopickPicksFile.FromPicks("TS_6_4", "ribosome", "czpick", "0", 10.012, []),
        ];

        string[] paths = [.. written.Select(overlay.Write)];
        IReadOnlyList<CopickPicksFile> read = overlay.ReadPicks();

        Assert.Equal(temp.File("ExperimentRuns", "TS_5_4", "Picks", "czpick_0_ribosome.json"), paths[1]);
        Assert.True(File.Exists(paths[2]));
        Assert.Equal(written.Length, read.Count);
        for (int i = 0; i < written.Length; i++)
        {
            Assert.Equal(written[i] with { Points = [] }, read[i] with { Points = [] });
            Assert.Equal(written[i].Points, read[i].Points);
        }
    }

    [Fact]
    public void WriteRun_PicksOfSomeObjects_OneFilePerObjectEmptyWhereNone()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        Pick[] picks = [new("ribosome", 1, 2, 3, 1), new("apo-ferritin", 4, 5, 6, 0.5f), new("ribosome", 7, 8, 9, 0.25f)];

        IReadOnlyList<string> paths = overlay.WriteRun("TS_1", "czpick", "0", 10.012, ["apo-ferritin", "beta-galactosidase", "ribosome"], picks);

        Assert.Equal(
            ["czpick_0_apo-ferritin.json", "czpick_0_beta-galactosidase.json", "czpick_0_ribosome.json"],
            paths.Select(Path.GetFileName));
        Assert.Equal(
            [("apo-ferritin", 1), ("beta-galactosidase", 0), ("ribosome", 2)],
            overlay.ReadPicks().Select(f => (f.PickableObjectName, f.Points.Count)));
        Assert.Equal([picks[0], picks[2]], overlay.ReadPicksByRun()["TS_1"].Where(p => p.Particle == "ribosome"));
    }

    [Fact]
    public void WriteRun_PickOfUnlistedObject_RefusedBeforeWriting()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);

        ArgumentException error = Assert.Throws<ArgumentException>(
            () => overlay.WriteRun("TS_1", "czpick", "0", 10, ["ribosome"], [new Pick("ribosome", 0, 0, 0, 1), new Pick("proteasome", 0, 0, 0, 1)]));

        Assert.StartsWith("1 picks of run TS_1 are 'proteasome', which is not among the objects to write (ribosome).", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.File("ExperimentRuns")));
    }

    [Fact]
    public void ReadPicks_CopickWrittenOverlay_EveryFileWithRunFromDirectory()
    {
        IReadOnlyList<CopickPicksFile> files = new CopickOverlay(CopickWritten).ReadPicks();

        Assert.Equal(
            [("TS_5_4", "apo-ferritin", 2), ("TS_6_4", "ribosome", 3), ("TS_6_4", "thyroglobulin", 0)],
            files.Select(f => (f.RunName, f.PickableObjectName, f.Points.Count)));
    }

    [Fact]
    public void ReadRunPicks_CopickWrittenOverlay_OnlyThatRunsFiles()
    {
        CopickOverlay overlay = new(CopickWritten);

        IReadOnlyList<CopickPicksFile> files = overlay.ReadRunPicks("TS_6_4");

        Assert.Equal([("TS_6_4", "ribosome"), ("TS_6_4", "thyroglobulin")], files.Select(f => (f.RunName, f.PickableObjectName)));
        Assert.Empty(overlay.ReadRunPicks("TS_0_0"));
    }

    [Fact]
    public void ReadPicks_UserAndSessionFilter_OnlyMatchingFiles()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "curation", "0", 10, []));
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "0", 10, []));
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "1", 10, []));

        Assert.Equal(["curation"], overlay.ReadPicks(userId: "curation").Select(f => f.UserId));
        Assert.Equal([("czpick", "0"), ("czpick", "1")], overlay.ReadPicks(userId: "czpick").Select(f => (f.UserId, f.SessionId)));
        Assert.Equal([("curation", "0"), ("czpick", "0")], overlay.ReadPicks(sessionId: "0").Select(f => (f.UserId, f.SessionId)));
        Assert.Equal([("czpick", "1")], overlay.ReadPicks("czpick", "1").Select(f => (f.UserId, f.SessionId)));
    }

    [Fact]
    public void ReadPicks_HiddenFile_Skipped()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "0", 10, []));
        File.WriteAllText(temp.File("ExperimentRuns", "TS_1", "Picks", ".czpick_0_ribosome.json"), "not json");

        Assert.Single(overlay.ReadPicks());
    }

    [Fact]
    public void ReadPicks_MalformedFile_NamesThatFile()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        string path = overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "0", 10, []));
        File.WriteAllText(path, """{"pickable_object_name": "ribosome"}""");

        CopickFormatException error = Assert.Throws<CopickFormatException>(() => overlay.ReadPicks());

        Assert.Equal($"{path}: user_id is missing; expected a string.", error.Message);
    }

    [Fact]
    public void ReadPicks_NoExperimentRuns_SaysWhatAnOverlayHolds()
    {
        using TempDirectory temp = new();

        DirectoryNotFoundException error = Assert.Throws<DirectoryNotFoundException>(() => new CopickOverlay(temp.Path).ReadPicks());

        Assert.Equal($"{temp.Path} has no ExperimentRuns directory; expected a copick overlay root holding ExperimentRuns/{{run}}/Picks/*.json.", error.Message);
    }

    [Fact]
    public void ReadPicksByRun_RunsWithEmptyFiles_IncludedWithTheirPicks()
    {
        Dictionary<string, IReadOnlyList<Pick>> byRun = new(new CopickOverlay(CopickWritten).ReadPicksByRun());

        Assert.Equal(["TS_5_4", "TS_6_4"], byRun.Keys);
        Assert.Equal(2, byRun["TS_5_4"].Count);
        Assert.Equal([5274.9, 1203.25, 0], byRun["TS_6_4"].Select(p => p.XAngstrom));
        Assert.All(byRun["TS_6_4"], p => Assert.Equal("ribosome", p.Particle));
    }

    [Fact]
    public void ReadPicksByRun_ContentNamesOtherRun_DirectoryWins()
    {
        using TempDirectory temp = new();
        CopickPicksJson.Write(
            temp.File("ExperimentRuns", "TS_2", "Picks", "curation_0_ribosome.json"),
            CopickPicksFile.FromPicks("TS_1", "ribosome", "curation", "0", 10, [new Pick("ribosome", 1, 1, 1, 1)]));

        Assert.Equal(["TS_2"], new CopickOverlay(temp.Path).ReadPicksByRun().Keys);
    }

    [Fact]
    public void ReadPicksByRun_TwoUsersForOneObject_AsksToChoose()
    {
        using TempDirectory temp = new();
        CopickOverlay overlay = new(temp.Path);
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "curation", "0", 10, []));
        overlay.Write(CopickPicksFile.FromPicks("TS_1", "ribosome", "czpick", "0", 10, []));

        CopickFormatException error = Assert.Throws<CopickFormatException>(() => overlay.ReadPicksByRun());

        Assert.Equal(
            $"{temp.File("ExperimentRuns", "TS_1", "Picks")}: 2 files hold ribosome picks (user/session curation/0, czpick/0); choose one user and session.",
            error.Message);
        Assert.Single(overlay.ReadPicksByRun(userId: "czpick"));
    }
}
