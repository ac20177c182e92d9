using System.Text.Json;
using CzPick.Core.Copick;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Tests.Commands;

/// <summary>Runs the built `czpick pick` as a process on a small generated tomogram with a small built model.</summary>
public sealed class PickCommandTests
{
    static readonly Shape3 Shape = new(24, 48, 40);

    [Fact]
    public async Task Pick_PaintedTomogram_EveryParticleFoundAndTheOutputsAgree()
    {
        // One sphere per picked particle, painted with its label, each at least its min distance from the faces; the
        // model is the intensity bands, which call every painted voxel its class. Picking must find each sphere
        // once, at its centre: score 1.
        using TempDirectory temp = new();
        Shape3 shape = new(32, 64, 104);
        ParticleType[] picked = [.. ParticleCatalog.Czii.Particles.Where(p => p.IsPicked)];
        (ParticleType Particle, int Z, int Y, int X)[] spheres = [.. picked.Select((p, i) => (p, 16, i % 2 == 0 ? 18 : 46, 16 + (18 * i)))];
        float[] voxels = new float[shape.VoxelCount];
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    (ParticleType? Particle, int Z, int Y, int X) sphere = spheres.FirstOrDefault(s => ((z - s.Z) * (z - s.Z)) + ((y - s.Y) * (y - s.Y)) + ((x - s.X) * (x - s.X)) <= 49);
                    voxels[shape.IndexOf(z, y, x)] = sphere.Particle?.Label ?? 0.1f * MathF.Sin(z + (3 * y) + (7 * x));
                }
            }
        }

        string tomogram = await WriteTomogramAsync(temp.File("TS_7.mrc"), shape, voxels);
        string model = WriteModel(temp.File("model"), IntensityBandModel.Create(7, VolumeStatistics.Compute(voxels).Mean, VolumeStatistics.Compute(voxels).StandardDeviation), new Shape3(16, 32, 32));
        CopickOverlay truth = new(temp.File("truth"));
        truth.WriteRun(
            "TS_7", "curation", "0", VoxelSizeAngstrom.CziiSpacing, picked.Select(p => p.Name),
            spheres.Select(s => new Pick(s.Particle.Name, s.X * VoxelSizeAngstrom.CziiSpacing, s.Y * VoxelSizeAngstrom.CziiSpacing, s.Z * VoxelSizeAngstrom.CziiSpacing, 1)));
        string output = temp.File("out");

        CliResult result = await CliProcess.RunAsync("pick", tomogram, "--out", output, "--model", model, "--device", "cpu", "--tta", "identity,flip-y", "--json");

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));
        JsonElement figures = JsonDocument.Parse(result.Lines[^1]).RootElement;
        Assert.Equal("cpu", figures.GetProperty("device").GetString());
        Assert.Equal(2 * figures.GetProperty("windows").GetInt64(), figures.GetProperty("onnx_runs").GetInt64());
        Assert.True(figures.GetProperty("onnx_seconds").GetDouble() <= figures.GetProperty("seconds").GetDouble());

        IReadOnlyList<Pick> copick = new CopickOverlay(output).ReadPicksByRun("czpick", "0")["TS_7"];
        IReadOnlyList<CompetitionCsvRow> rows = CompetitionCsvReader.Read(Path.Combine(output, "picks.csv"));
        RunSummary summary = RunSummaryJson.Read(Path.Combine(output, "TS_7", "summary.json"));
        Assert.Equal(picked.Length, copick.Count);
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(
            copick.Select(p => (p.Particle, p.XAngstrom, p.YAngstrom, p.ZAngstrom)).Order(),
            rows.Select(r => (r.Pick.Particle, r.Pick.XAngstrom, r.Pick.YAngstrom, r.Pick.ZAngstrom)).Order());
        Assert.All(picked, p => Assert.Equal(1, summary.Counts[p.Name]));
        Assert.Equal(("test", shape), (summary.Model.Name, summary.Input.Shape));
        Assert.Equal(["statistics", "read", "normalize", "inference", "blend", "softmax", "pick", "write", "total"], summary.TimingsSeconds.Keys);
        Assert.Equal(picked.Select(p => $"czpick_0_{p.Name}.json"), Directory.GetFiles(Path.Combine(output, "ExperimentRuns", "TS_7", "Picks")).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(output, ".czpick-*"));
        Assert.Contains($"TS_7: {picked.Length} picks", result.Output, StringComparison.Ordinal);

        CliResult score = await CliProcess.RunAsync("score", "--truth", temp.File("truth"), "--picks", Path.Combine(output, "picks.csv"));
        Assert.Equal((0, "score 1.0000"), (score.ExitCode, score.Lines[^1]));
    }

    [Fact]
    public async Task Pick_TwoTomograms_OneCsvWithUniqueIdsAndASummaryEach()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string first = await WriteTomogramAsync(temp.File("TS_1.mrc"));
        string second = await WriteTomogramAsync(temp.File("TS_2.mrc"));

        CliResult result = await CliProcess.RunAsync("pick", first, second, "--out", temp.File("out"), "--model", model, "--device", "cpu", "--tta", "none", "--user", "me", "--session", "3");

        Assert.Equal(0, result.ExitCode);
        IReadOnlyList<CompetitionCsvRow> rows = CompetitionCsvReader.Read(temp.File("out", "picks.csv"));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(
            rows.Count,
            RunSummaryJson.Read(temp.File("out", "TS_1", "summary.json")).Counts.Values.Sum() + RunSummaryJson.Read(temp.File("out", "TS_2", "summary.json")).Counts.Values.Sum());
        Assert.True(File.Exists(temp.File("out", "ExperimentRuns", "TS_2", "Picks", "me_3_ribosome.json")));
        Assert.Contains("TS_1: ", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pick_ZarrStore_RunNamedAfterTheStore()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string store = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "zarr", "TS_demo.zarr");

        CliResult result = await CliProcess.RunAsync("pick", store, "--out", temp.File("out"), "--model", model, "--device", "cpu", "--tta", "none");

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));
        RunSummary summary = RunSummaryJson.Read(temp.File("out", "TS_demo", "summary.json"));
        Assert.Equal((Path.GetFullPath(store), new Shape3(16, 24, 28)), (summary.Input.File, summary.Input.Shape));
    }

    [Fact]
    public async Task Pick_ExplicitCudaWithoutItsLibraries_ExitTwoNamingTheLibrary()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string tomogram = await WriteTomogramAsync(temp.File("TS_1.mrc"));

        CliResult result = await CliProcess.RunAsync("pick", tomogram, "--out", temp.File("out"), "--model", model, "--device", "cuda");

        // On a machine with CUDA 13 this picks on the GPU; here the provider cannot load and the call says why.
        if (result.ExitCode != 0)
        {
            Assert.Equal(2, result.ExitCode);
            Assert.Matches(@"^czpick: The CUDA execution provider could not be loaded: lib\S+ not found\. ", result.Error);
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.False(Directory.Exists(temp.File("out", "ExperimentRuns")));
        }
    }

    [Fact]
    public async Task Pick_AutoWithoutGpu_OneLineSayingItRunsOnTheCpu()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string tomogram = await WriteTomogramAsync(temp.File("TS_1.mrc"));

        CliResult result = await CliProcess.RunAsync("pick", tomogram, "--out", temp.File("out"), "--model", model, "--tta", "none");

        Assert.Equal(0, result.ExitCode);
        string[] lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length > 0)
        {
            Assert.Matches(@"^czpick: No GPU execution provider could be loaded \(TensorRT: .+; CUDA: .+\); running on the CPU with \d+ threads$", Assert.Single(lines));
        }
    }

    [Theory]
    [InlineData("missing.mrc", "czpick: ")]
    [InlineData("not-mrc.mrc", "czpick: ")]
    public async Task Pick_BadInput_ExitTwoOneLineAndNoOutputs(string name, string prefix)
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        File.WriteAllText(temp.File("not-mrc.mrc"), "this is not an MRC file");

        CliResult result = await CliProcess.RunAsync("pick", temp.File(name), "--out", temp.File("out"), "--model", model, "--device", "cpu");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(prefix, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public async Task Pick_ZeroBlocks_ExitTwoSayingBlocksMustBePositive()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string tomogram = await WriteTomogramAsync(temp.File("TS_1.mrc"));

        CliResult result = await CliProcess.RunAsync("pick", tomogram, "--out", temp.File("out"), "--model", model, "--blocks", "0");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: --blocks must be positive, not 0.{Environment.NewLine}", result.Error);
        Assert.False(Directory.Exists(temp.File("out")));
    }

    [Fact]
    public async Task Pick_ModelWithoutManifest_ExitTwoSayingWhatADirectoryHolds()
    {
        using TempDirectory temp = new();
        Directory.CreateDirectory(temp.File("empty"));
        string tomogram = await WriteTomogramAsync(temp.File("TS_1.mrc"));

        CliResult result = await CliProcess.RunAsync("pick", tomogram, "--out", temp.File("out"), "--model", temp.File("empty"));

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: {temp.File("empty", "ensemble.json")}: not found; a model directory holds ensemble.json next to its .onnx members.{Environment.NewLine}", result.Error);
    }

    [Fact]
    public async Task Pick_UnknownTtaPass_ExitTwoListingThePasses()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string tomogram = await WriteTomogramAsync(temp.File("TS_1.mrc"));

        CliResult result = await CliProcess.RunAsync("pick", tomogram, "--out", temp.File("out"), "--model", model, "--tta", "identity,rotate");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"czpick: --tta: Unknown TTA pass 'rotate'; expected identity, flip-x, flip-y, swap-xy. Or 'none', 'all'.{Environment.NewLine}", result.Error);
    }

    [Fact]
    public async Task ModelFuse_SmallEnsemble_WritesOneGraphOfMembersTimesPasses()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));

        CliResult result = await CliProcess.RunAsync("model", "fuse", "--model", model, "--out", temp.File("fused.onnx"), "--tta", "all");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith($"Wrote {temp.File("fused.onnx")}: 1 members × 4 TTA passes (identity, flip-x, flip-y, swap-xy) in one graph", result.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(temp.File("fused.onnx")).Length > new FileInfo(temp.File("model", "member.onnx")).Length);
    }

    /// <summary>A one-member ensemble of a small random UNet, window 8×16×16.</summary>
    static string WriteModel(string directory) =>
        WriteModel(directory, UNetOnnx.ToBytes(UNetWeights.CreateRandom(new UNetArchitecture("small", [4, 8], [2], 1, outputChannels: 7), 3), "small test UNet"), new Shape3(8, 16, 16));

    /// <summary>A one-member ensemble of the given network, the four TTA passes and the seed's picking of the CZII particles.</summary>
    static string WriteModel(string directory, byte[] network, Shape3 window)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, "member.onnx"), network);
        new EnsembleManifest
        {
            Name = "test",
            Members = [new EnsembleMember("member.onnx")],
            Tta = TtaPasses.Seed,
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(p => p.Name)],
            Window = window,
            SizeMultiple = 2,
            Picking = ParticleCatalog.Czii.Particles.Where(p => p.IsPicked).ToDictionary(p => p.Name, p => p.Picking!),
        }.Save(directory);
        return directory;
    }

    /// <summary>A tomogram of uniform noise in ±1.</summary>
    static Task<string> WriteTomogramAsync(string path)
    {
        Random random = new(7);
        float[] voxels = new float[Shape.VoxelCount];
        for (int i = 0; i < voxels.Length; i++)
        {
            voxels[i] = (random.NextSingle() * 2) - 1;
        }

        return WriteTomogramAsync(path, Shape, voxels);
    }

    static async Task<string> WriteTomogramAsync(string path, Shape3 shape, float[] voxels)
    {
        await using MrcWriter writer = MrcWriter.Create(path, shape, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));
        await writer.WriteSectionsAsync(voxels);
        await writer.CompleteAsync();
        return path;
    }
}
