using System.Text.Json;
using CzPick.Core.Copick;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Inference.Ensemble;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Tests.Commands;

/// <summary>Runs the built `czpick pick` as a process on a small generated tomogram with a small built model.</summary>
public sealed class PickCommandTests
{
    static readonly Shape3 Shape = new(24, 48, 40);

    [Fact]
    public async Task Pick_SmallTomogram_CopickCsvAndSummaryAgreeAndScore()
    {
        using TempDirectory temp = new();
        string model = WriteModel(temp.File("model"));
        string tomogram = await WriteTomogramAsync(temp.File("TS_7.mrc"));
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
        Assert.Equal(Enumerable.Range(0, rows.Count).Select(i => (long)i), rows.Select(r => r.Id));
        Assert.Equal(
            copick.Select(p => (p.Particle, p.XAngstrom, p.YAngstrom, p.ZAngstrom)).Order(),
            rows.Select(r => (r.Pick.Particle, r.Pick.XAngstrom, r.Pick.YAngstrom, r.Pick.ZAngstrom)).Order());
        Assert.Equal(copick.Count, summary.Counts.Values.Sum());
        Assert.Equal(figures.GetProperty("runs")[0].GetProperty("picks").GetInt32(), copick.Count);
        Assert.Equal(("small", Shape), (summary.Model.Name, summary.Input.Shape));
        Assert.Equal(["statistics", "read", "normalize", "inference", "blend", "softmax", "pick", "write", "total"], summary.TimingsSeconds.Keys);
        Assert.Equal(
            ["czpick_0_apo-ferritin.json", "czpick_0_ribosome.json"],
            Directory.GetFiles(Path.Combine(output, "ExperimentRuns", "TS_7", "Picks")).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(output, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(output, ".czpick-*"));
        Assert.Contains($"TS_7: {copick.Count} picks", result.Output, StringComparison.Ordinal);

        // The CSV scored against the copick files of the same picks: every reference is found, nothing else counts.
        CliResult score = await CliProcess.RunAsync("score", "--truth", output, "--user", "czpick", "--picks", Path.Combine(output, "picks.csv"), "--json");
        Assert.Equal(0, score.ExitCode);
        foreach (JsonElement row in JsonDocument.Parse(score.Output).RootElement.GetProperty("classes").EnumerateArray())
        {
            int picked = copick.Count(p => p.Particle == row.GetProperty("particle").GetString());
            Assert.Equal(0, row.GetProperty("false_negatives").GetInt32());
            Assert.Equal(picked, row.GetProperty("true_positives").GetInt32() + row.GetProperty("false_positives").GetInt32());
        }
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
        Assert.True(new FileInfo(temp.File("fused.onnx")).Length > new FileInfo(temp.File("model", "small.onnx")).Length);
    }

    /// <summary>A one-member ensemble of a small random UNet, window 8×16×16, picking apo-ferritin and ribosomes.</summary>
    static string WriteModel(string directory)
    {
        Directory.CreateDirectory(directory);
        UNetArchitecture small = new("small", [4, 8], [2], 1, outputChannels: 7);
        UNetOnnx.Save(Path.Combine(directory, "small.onnx"), UNetWeights.CreateRandom(small, 3), "small test UNet");
        new EnsembleManifest
        {
            Name = "small",
            Members = [new EnsembleMember("small.onnx")],
            Tta = TtaPasses.Seed,
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(p => p.Name)],
            Window = new Shape3(8, 16, 16),
            SizeMultiple = 2,
            Picking = new Dictionary<string, PickingParameters>
            {
                ["apo-ferritin"] = new(0.1f, 10, 2),
                ["ribosome"] = new(0.1f, 10, 2),
            },
        }.Save(directory);
        return directory;
    }

    static async Task<string> WriteTomogramAsync(string path)
    {
        Random random = new(7);
        float[] voxels = new float[Shape.VoxelCount];
        for (int i = 0; i < voxels.Length; i++)
        {
            voxels[i] = (random.NextSingle() * 2) - 1;
        }

        await using MrcWriter writer = MrcWriter.Create(path, Shape, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));
        await writer.WriteSectionsAsync(voxels);
        await writer.CompleteAsync();
        return path;
    }
}
