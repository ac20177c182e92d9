using CzPick.Core.Copick;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Copick;

/// <summary>
/// A project laid out as copick's filesystem backend lays it out (copick/impl/filesystem.py and overlay.py): runs,
/// VoxelSpacing{spacing:.3f} directories, {tomo_type}.zarr stores and Picks/ in a static and an overlay root.
/// </summary>
public sealed class CopickProjectTests : IDisposable
{
    static readonly string CompetitionConfig = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Copick", "czii_copick_config.json");

    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public void Open_CompetitionConfig_RelativeRootsFromTheWorkingDirectoryAndItsParticles()
    {
        CopickProject project = CopickProject.Open(CompetitionConfig, this.directory.Path);

        Assert.Equal("czii_cryoet_mlchallenge_2024", project.Name);
        Assert.Equal(this.directory.File("data", "overlay"), project.OverlayRoot);
        Assert.Equal(this.directory.File("data", "test", "static"), project.StaticRoot);
        Assert.False(project.StaticIsOverlay);
        Assert.Equal(["apo-ferritin", "beta-amylase", "beta-galactosidase", "ribosome", "thyroglobulin", "virus-like-particle"], project.Catalog.Particles.Select(p => p.Name));
        Assert.Equal((null, null), (project.UserId, project.SessionId));
    }

    [Fact]
    public void Open_LocalUrlsAndNoStaticRoot_OneRootForBoth()
    {
        string config = this.WriteConfig($"\"overlay_root\": \"local://{this.directory.File("project")}/\", \"user_id\": \"alice\", \"session_id\": \"7\"");

        CopickProject project = CopickProject.Open(config);

        Assert.Equal(this.directory.File("project"), project.OverlayRoot);
        Assert.True(project.StaticIsOverlay);
        Assert.Equal(("CoPick", "alice", "7"), (project.Name, project.UserId, project.SessionId));
    }

    [Fact]
    public void Runs_BothRoots_UnionInOrderWithoutHiddenOrFiles()
    {
        CopickProject project = this.BuildProject();

        Assert.Equal(["TS_5_4", "TS_6_4", "TS_7_1"], project.Runs());
    }

    [Fact]
    public void VoxelSpacings_StaticFirstThenOverlayOnly_EachOnce()
    {
        CopickProject project = this.BuildProject();

        Assert.Equal([10.012, 4.99], project.VoxelSpacings("TS_5_4"));
        Assert.Empty(project.VoxelSpacings("TS_7_1"));
    }

    [Fact]
    public void Tomograms_StaticThenOverlayPerSpacing_FeatureStoresLeftOut()
    {
        CopickProject project = this.BuildProject();

        IReadOnlyList<CopickTomogram> tomograms = project.Tomograms("TS_5_4");

        Assert.Equal(
            [
                new CopickTomogram("TS_5_4", 10.012, "denoised", this.StaticPath("TS_5_4", "VoxelSpacing10.012", "denoised.zarr"), true),
                new CopickTomogram("TS_5_4", 10.012, "wbp", this.StaticPath("TS_5_4", "VoxelSpacing10.012", "wbp.zarr"), true),
                new CopickTomogram("TS_5_4", 10.012, "denoised", this.OverlayPath("TS_5_4", "VoxelSpacing10.012", "denoised.zarr"), false),
                new CopickTomogram("TS_5_4", 4.99, "isonet", this.OverlayPath("TS_5_4", "VoxelSpacing4.990", "isonet.zarr"), false),
            ],
            tomograms);
    }

    [Fact]
    public void FindTomogram_InBothRoots_StaticOne()
    {
        CopickProject project = this.BuildProject();

        Assert.Equal(this.StaticPath("TS_5_4", "VoxelSpacing10.012", "denoised.zarr"), project.FindTomogram("TS_5_4", 10.012, "denoised")?.Path);
        Assert.Equal(this.OverlayPath("TS_5_4", "VoxelSpacing4.990", "isonet.zarr"), project.FindTomogram("TS_5_4", 4.99, "isonet")?.Path);
        Assert.Null(project.FindTomogram("TS_5_4", 4.99, "denoised"));
    }

    [Fact]
    public void WritePicks_ConfigWithoutUser_OverlayUnderTheDefaultsAndReadBackFromBothRoots()
    {
        CopickProject project = this.BuildProject();
        Pick ribosome = new("ribosome", 100, 200, 300, 0.75f);

        IReadOnlyList<string> written = project.WritePicks("TS_5_4", 10.012, ["ribosome"], [ribosome]);

        Assert.Equal([this.OverlayPath("TS_5_4", "Picks", "czpick_0_ribosome.json")], written);
        IReadOnlyList<CopickPicksFile> files = project.ReadPicks("TS_5_4");
        Assert.Equal([("curation", "ribosome", 1), ("czpick", "ribosome", 1)], files.Select(f => (f.UserId, f.PickableObjectName, f.Points.Count)));
        Assert.Equal([ribosome], project.ReadPicks("TS_5_4", userId: "czpick").Single().ToPicks());
        Assert.False(File.Exists(this.StaticPath("TS_5_4", "Picks", "czpick_0_ribosome.json")));
    }

    [Fact]
    public void WritePicks_ConfigUserAndSession_WrittenUnderThem()
    {
        string config = this.WriteConfig($"\"overlay_root\": \"{this.directory.File("overlay")}\", \"user_id\": \"alice\", \"session_id\": \"7\"");
        CopickProject project = CopickProject.Open(config);

        IReadOnlyList<string> written = project.WritePicks("TS_1", 10, ["apo-ferritin"], []);

        Assert.Equal([this.directory.File("overlay", "ExperimentRuns", "TS_1", "Picks", "alice_7_apo-ferritin.json")], written);
    }

    [Theory]
    [InlineData("\"overlay_root\": \"s3://bucket/overlay\"", "overlay_root \"s3://bucket/overlay\" is a s3:// URL; CzPick reads local directories only")]
    [InlineData("\"overlay_root\": \"/tmp/o\", \"config_type\": \"cryoet_data_portal\"", "config_type is \"cryoet_data_portal\"; CzPick reads \"filesystem\" projects")]
    [InlineData("\"static_root\": \"/tmp/s\"", "overlay_root is missing; expected the directory picks are written to")]
    [InlineData("\"overlay_root\": \"/tmp/o\", \"user_id\": \"a_b\"", "user_id 'a_b' contains '_'")]
    public void Open_BadConfig_RefusedNamingTheField(string fields, string message)
    {
        string config = this.WriteConfig(fields);

        CopickFormatException error = Assert.Throws<CopickFormatException>(() => CopickProject.Open(config));

        Assert.StartsWith($"{config}: {message}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VoxelSpacings_DirectoryNameNotANumber_RefusedNamingTheDirectory()
    {
        CopickProject project = this.BuildProject();
        Directory.CreateDirectory(this.OverlayPath("TS_6_4", "VoxelSpacingten"));

        CopickFormatException error = Assert.Throws<CopickFormatException>(() => project.VoxelSpacings("TS_6_4"));

        Assert.Equal($"{this.OverlayPath("TS_6_4", "VoxelSpacingten")}: 'ten' after VoxelSpacing is not a number; expected the voxel spacing in Å with three decimals, e.g. VoxelSpacing10.012.", error.Message);
    }

    /// <summary>
    /// static/: TS_5_4 (denoised, wbp and a feature store at 10.012 Å; curation picks), TS_6_4, a hidden run and a
    /// stray file; overlay/: TS_5_4 (its own denoised at 10.012 Å, isonet at 4.990 Å), TS_7_1 (empty).
    /// </summary>
    CopickProject BuildProject()
    {
        foreach (string store in (string[])["denoised.zarr", "wbp.zarr", "denoised_dino_features.zarr"])
        {
            Directory.CreateDirectory(this.StaticPath("TS_5_4", "VoxelSpacing10.012", store));
        }

        Directory.CreateDirectory(this.StaticPath("TS_6_4", "VoxelSpacing10.012", "denoised.zarr"));
        Directory.CreateDirectory(this.directory.File("static", "ExperimentRuns", ".trash"));
        File.WriteAllText(this.directory.File("static", "ExperimentRuns", "notes.txt"), "not a run");
        Directory.CreateDirectory(this.OverlayPath("TS_5_4", "VoxelSpacing10.012", "denoised.zarr"));
        Directory.CreateDirectory(this.OverlayPath("TS_5_4", "VoxelSpacing4.990", "isonet.zarr"));
        Directory.CreateDirectory(this.OverlayPath("TS_7_1"));
        new CopickOverlay(this.directory.File("static")).WriteRun("TS_5_4", "curation", "0", 10.012, ["ribosome"], [new Pick("ribosome", 1, 2, 3, 1)]);
        return CopickProject.Open(this.WriteConfig($"\"overlay_root\": \"{this.directory.File("overlay")}\", \"static_root\": \"local://{this.directory.File("static")}\""));
    }

    string StaticPath(params string[] parts) => this.directory.File(["static", "ExperimentRuns", .. parts]);

    string OverlayPath(params string[] parts) => this.directory.File(["overlay", "ExperimentRuns", .. parts]);

    string WriteConfig(string fields)
    {
        string path = this.directory.File("copick.config");
        File.WriteAllText(path, $$"""
            {
              "pickable_objects": [
                {"name": "apo-ferritin", "is_particle": true, "label": 1, "color": [0, 117, 220, 128], "radius": 60},
                {"name": "ribosome", "is_particle": true, "label": 4, "color": [0, 92, 49, 128], "radius": 150}
              ],
              {{fields}}
            }
            """);
        return path;
    }
}
