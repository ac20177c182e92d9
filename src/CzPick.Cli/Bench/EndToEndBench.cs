using System.Diagnostics;
using System.Text.Json;
using CzPick.Cli.Commands;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only e2e`: `czpick pick` itself, run as a child process on a 184 × 630 × 630 float32 tomogram
/// (<see cref="SyntheticTomogram"/> written to an MRC file), against the time it spent inside ONNX Runtime: their
/// ratio is what the engine around the networks costs. The child's peak resident memory (VmHWM, ONNX Runtime's arena
/// included) is compared with 2.5 × the tomogram's float32 size. The model is the shipped sample when the build
/// has it. Otherwise it is a tiny UNet with random weights whose logits, scaled by 0.01, are added to an
/// <see cref="IntensityBandModel"/> that knows the synthetic tomogram's painted labels: the compute of a real tiny
/// UNet, and picks (sparse foreground, planted particles found) like a trained model's, where random logits alone
/// would make the picker chase noise through the whole volume. Window 96³ (the tiny UNet's activations, about
/// 175 bytes per window voxel, fit the memory target), identity pass only, so that the section takes minutes.
/// </summary>
sealed class EndToEndBench : IBenchSection
{
    /// <summary>The memory the child's blocks may hold (--memory-mb): what is left of 2.5 × 292 MB after the runtime, the network and its activations.</summary>
    const int BlockMemoryMb = 300;

    static readonly Shape3 QuickShape = new(64, 128, 128);

    /// <inheritdoc/>
    public string Name => "e2e";

    /// <inheritdoc/>
    public string Description => "czpick pick of a 184×630×630 tomogram end to end vs time inside ONNX Runtime (overhead ratio), and its peak memory";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        Shape3 shape = context.Quick ? QuickShape : SyntheticTomogram.RealShape;
        string directory = Directory.CreateTempSubdirectory("czpick-bench-e2e-").FullName;
        try
        {
            string tomogram = Path.Combine(directory, "TS_bench.mrc");
            using SyntheticTomogram synthetic = SyntheticTomogram.Create(shape, ParticleCatalog.Czii, perType: context.Quick ? 2 : 100, specks: context.Quick ? 20 : 3000, seed: 1);
            await MrcWriter.WriteAsync(tomogram, synthetic, cancellationToken: cancellationToken);
            // --quick checks the whole path, planted recall included, which only the intensity bands guarantee on these
            // painted spheres: the sample model knows phantoms. A full run times the model users get.
            bool sample = Directory.Exists(PickCommand.DefaultModelDirectory) && !context.Quick;
            (string model, string description) = sample
                ? (PickCommand.DefaultModelDirectory, "the shipped sample model")
                : (WriteBenchModel(Path.Combine(directory, "model"), synthetic.EstimateStatistics(), context.Quick),
                    $"a random-weight tiny UNet beside intensity bands ({(context.Quick ? "--quick" : "no sample model in this build")})");
            EnsembleManifest manifest = EnsembleManifest.Load(model);
            context.Heading($"e2e: czpick pick of a {shape} float32 tomogram ({4 * shape.VoxelCount / 1e6:F0} MB) on the CPU with {description}");
            context.Report("model", $"{manifest.Name}: {manifest.Members.Count} members, TTA {string.Join(", ", manifest.Tta.Select(p => p.Name()))}, window {manifest.Window}, overlap {manifest.Overlap}");

            Stopwatch watch = Stopwatch.StartNew();
            JsonElement result = await RunPickAsync(tomogram, Path.Combine(directory, "out"), model, cancellationToken);
            double seconds = watch.Elapsed.TotalSeconds;
            double onnx = result.GetProperty("onnx_seconds").GetDouble();
            double cpuSeconds = result.GetProperty("cpu_seconds").GetDouble();
            double peakMb = result.GetProperty("peak_rss_mb").GetDouble();
            double targetMb = 2.5 * 4 * shape.VoxelCount / 1e6;
            context.Report("overhead ratio (definition)", "wall time of the czpick pick child process, start to exit, ÷ the wall time its ONNX Runtime Run calls took");
            context.Report("peak memory (definition)", "the child's VmHWM (peak resident set, ONNX Runtime's arena included) as its last act");
            context.Report("czpick pick, process start to exit", $"{seconds:F1} s wall, {cpuSeconds:F1} s CPU; {result.GetProperty("windows").GetInt64()} windows, {result.GetProperty("onnx_runs").GetInt64()} ONNX Runs");
            context.Report("inside ONNX Runtime (Run calls)", $"{onnx:F1} s wall");
            JsonElement stages = result.GetProperty("runs")[0].GetProperty("stages");
            double inRun = stages.GetProperty("total").GetDouble();
            context.Report(
                "where the time outside ONNX went",
                string.Join(", ", stages.EnumerateObject().Where(stage => stage.Name is not ("inference" or "total")).Select(stage => $"{stage.Name} {stage.Value.GetDouble():F1} s")) +
                $"; process start, model load and exit {seconds - inRun:F1} s");
            context.Report("overhead ratio (whole / ONNX)", $"{seconds / onnx:F3} (target ≤ 1.10: {(seconds / onnx <= 1.10 ? "met" : "not met")})");
            context.Report("peak resident memory (VmHWM)", $"{peakMb:F0} MB = {peakMb / (4 * shape.VoxelCount / 1e6):F2} × the tomogram's float32 size (target ≤ 2.5 × = {targetMb:F0} MB: {(peakMb <= targetMb ? "met" : "not met")})");
            IReadOnlyList<Pick> picks = CompetitionCsvReader.ReadPicksByRun(Path.Combine(directory, "out", "picks.csv")).GetValueOrDefault("TS_bench") ?? [];
            string recall = PlantedRecall.Of(picks, synthetic.Particles, manifest.CreateCatalog(), synthetic.Info.VoxelSize).ToString();
            context.Report("picks", sample ? $"{recall} (the sample model learnt phantoms, not these painted spheres: a count, not a grade)" : recall);
            context.Record("e2e_seconds", seconds);
            context.Record("onnx_seconds", onnx);
            context.Record("overhead_ratio", seconds / onnx);
            context.Record("peak_rss_mb", peakMb);
            context.Record("peak_rss_target_mb", targetMb);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Runs `czpick pick --json` as a child process and returns its JSON line.</summary>
    static async Task<JsonElement> RunPickAsync(string tomogram, string output, string model, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new(Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown; cannot start czpick pick."))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Run as `dotnet czpick.dll`, the child needs the assembly too; as the czpick app host, only the arguments.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(EndToEndBench).Assembly.Location);
        }

        foreach (string argument in (string[])["pick", tomogram, "--out", output, "--model", model, "--device", "cpu", "--memory-mb", $"{BlockMemoryMb}", "--json"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        Task<string> error = process.StandardError.ReadToEndAsync(cancellationToken);
        string text = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        string? line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (process.ExitCode != 0 || line is null || !line.StartsWith('{'))
        {
            throw new InvalidOperationException($"czpick pick exited with {process.ExitCode}; its output:\n{text}\n{await error}");
        }

        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>Writes a one-member ensemble: the intensity bands of the synthetic tomogram with a random tiny UNet beside them, and the seed's picking.</summary>
    public static string WriteBenchModel(string directory, VolumeStatistics statistics, bool quick)
    {
        Directory.CreateDirectory(directory);
        UNetWeights tiny = UNetWeights.CreateRandom(UNetArchitecture.Tiny, seed: 1);
        File.WriteAllBytes(Path.Combine(directory, "tiny-bands.onnx"), IntensityBandModel.Create(ParticleCatalog.Czii.ChannelCount, statistics.Mean, statistics.StandardDeviation, tiny));
        new EnsembleManifest
        {
            Name = "bench-tiny-bands",
            Members = [new EnsembleMember("tiny-bands.onnx")],
            Tta = [TtaPass.Identity],
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(p => p.Name)],
            Window = quick ? new Shape3(32, 32, 32) : new Shape3(96, 96, 96),
            Picking = ParticleCatalog.Czii.Particles.Where(p => p.IsPicked).ToDictionary(p => p.Name, p => p.Picking!),
        }.Save(directory);
        return directory;
    }
}
