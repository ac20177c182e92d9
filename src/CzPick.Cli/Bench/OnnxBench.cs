using System.Diagnostics;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Runtime;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only onnx`: how close ONNX Runtime gets to this machine's float32 peak. The peak is measured with
/// an FMA microbenchmark (<see cref="FmaPeak"/>) just before and after the networks run, so both see the same load;
/// each of the seed's architectures (random weights, built in memory) then predicts windows through the product's
/// own <see cref="EnsemblePredictor"/> on the CPU, and only the time inside InferenceSession.Run is counted, against
/// the convolutions' FLOP count. Last, members × passes run one Run each versus as one fused graph.
/// </summary>
sealed class OnnxBench : IBenchSection
{
    static readonly Shape3 Window = new(96, 96, 96);
    static readonly Shape3 FusionWindow = new(64, 64, 64);
    static readonly Shape3 QuickWindow = new(32, 32, 32);

    /// <inheritdoc/>
    public string Name => "onnx";

    /// <inheritdoc/>
    public string Description => "FMA peak, ONNX throughput and efficiency per UNet (tiny, medium, big) on the CPU, fused vs separate ensemble runs";

    /// <inheritdoc/>
    public Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        Shape3 window = context.Quick ? QuickWindow : Window;
        int passes = context.Quick ? 1 : Math.Min(context.Repeat, 3);
        FmaPeakResult before = FmaPeak.Measure(rounds: context.Quick ? 1 : 3);
        context.Heading($"onnx: ONNX Runtime on the CPU, {Environment.ProcessorCount} threads, window {window}, random weights; best of {passes} windows after one warm-up");
        context.Report("note", "the time of InferenceSession.Run only; wall and CPU time both shown, as the machine may be shared");

        double totalFlops = 0;
        double totalSeconds = 0;
        double totalCpuSeconds = 0;
        List<(UNetArchitecture Architecture, double Gflops)> rates = [];
        foreach (UNetArchitecture architecture in UNetArchitecture.Seed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double flops = architecture.ConvolutionFlops(window.Z, window.Y, window.X);
            BenchContext.ResetPeakMemory();
            (double seconds, double cpuSeconds, _) = TimeWindows([architecture], [TtaPass.Identity], window, fuse: false, passes);
            totalFlops += flops;
            totalSeconds += seconds;
            totalCpuSeconds += cpuSeconds;
            rates.Add((architecture, flops / seconds / 1e9));
            context.Report(
                $"{architecture.Name} ({flops / 1e9:F1} GFLOP/window)",
                $"{1 / seconds:F3} windows/s, {window.VoxelCount / seconds / 1e6:F2} M voxels/s, {flops / seconds / 1e9:F0} GFLOP/s; " +
                $"{seconds:F2} s wall, {cpuSeconds:F2} s CPU per window; peak RSS {BenchContext.PeakMemoryBytes() / 1e6:F0} MB");
            context.Record($"gflops_{architecture.Name}", flops / seconds / 1e9);
        }

        FmaPeakResult after = FmaPeak.Measure(rounds: context.Quick ? 1 : 3);
        double peak = Math.Max(before.Gflops, after.Gflops);
        double peakPerCpu = Math.Max(before.GflopsPerCpuSecond, after.GflopsPerCpuSecond);
        double achieved = totalFlops / totalSeconds / 1e9;
        double achievedPerCpu = totalFlops / totalCpuSeconds / 1e9;
        context.Report(
            $"FMA peak (Vector{before.VectorBits}, {before.Threads} threads)",
            $"{peak:F0} GFLOP/s wall (before {before.Gflops:F0}, after {after.Gflops:F0}); {peakPerCpu:F0} GFLOP per CPU-second");
        foreach ((UNetArchitecture architecture, double gflops) in rates)
        {
            context.Report($"efficiency {architecture.Name}", $"{gflops / peak:P0} of the FMA peak");
        }

        context.Report("all three, FLOP-weighted", $"{achieved:F0} GFLOP/s = {achieved / peak:P0} of the FMA peak (wall); {achievedPerCpu:F0} GFLOP per CPU-second = {achievedPerCpu / peakPerCpu:P0} of the peak per CPU-second");
        context.Record("gflops", achieved);
        context.Record("peak_gflops", peak);
        context.Record("efficiency", achieved / peak);
        context.Record("gflops_per_cpu_second", achievedPerCpu);
        context.Record("peak_gflops_per_cpu_second", peakPerCpu);

        Shape3 fusionWindow = context.Quick ? QuickWindow : FusionWindow;
        UNetArchitecture[] members = [UNetArchitecture.Tiny, UNetArchitecture.Tiny];
        (double separate, _, double separateWindow) = TimeWindows(members, TtaPasses.Seed, fusionWindow, fuse: false, passes);
        (double fused, _, double fusedWindow) = TimeWindows(members, TtaPasses.Seed, fusionWindow, fuse: true, passes);
        context.Report(
            $"2 tiny × 4 TTA passes, {fusionWindow}",
            $"8 separate Runs {separateWindow:F2} s/window ({separate:F2} s in ONNX Runtime), one fused graph {fusedWindow:F2} s/window: fused is {separateWindow / fusedWindow:F2}× as fast");
        context.Report("TTA transforms and mean outside ONNX", $"{(separateWindow - separate) * 1e3:F0} ms/window = {(separateWindow - separate) / separateWindow:P1} of the window");
        context.Record("fused_speedup", separateWindow / fusedWindow);
        return Task.CompletedTask;
    }

    /// <summary>Writes an ensemble of random-weight members, predicts windows and returns the fastest window's times.</summary>
    /// <returns>Seconds inside InferenceSession.Run (wall and the process's CPU time) and of the whole Predict call.</returns>
    static (double Seconds, double CpuSeconds, double WindowSeconds) TimeWindows(IReadOnlyList<UNetArchitecture> architectures, IReadOnlyList<TtaPass> passes, Shape3 window, bool fuse, int windows)
    {
        string directory = Directory.CreateTempSubdirectory("czpick-bench-onnx-").FullName;
        try
        {
            EnsembleManifest manifest = WriteEnsemble(directory, architectures, passes, window);
            using EnsemblePredictor predictor = new(manifest, new InferenceOptions { Device = ExecutionDevice.Cpu, FuseMembers = fuse });
            float[] patch = new float[window.VoxelCount];
            Random random = new(96);
            for (int i = 0; i < patch.Length; i++)
            {
                patch[i] = (random.NextSingle() * 2) - 1;
            }

            float[] logits = new float[predictor.ChannelCount * window.VoxelCount];
            predictor.Predict(patch, window, logits);
            (double Seconds, double CpuSeconds, double WindowSeconds) best = (double.MaxValue, 0, 0);
            using Process self = Process.GetCurrentProcess();
            for (int i = 0; i < windows; i++)
            {
                TimeSpan before = predictor.Statistics.RunTime;
                self.Refresh();
                TimeSpan cpu = self.TotalProcessorTime;
                long started = Stopwatch.GetTimestamp();
                predictor.Predict(patch, window, logits);
                double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                self.Refresh();
                double seconds = (predictor.Statistics.RunTime - before).TotalSeconds;
                if (seconds < best.Seconds)
                {
                    best = (seconds, (self.TotalProcessorTime - cpu).TotalSeconds, elapsed);
                }
            }

            return best;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    static EnsembleManifest WriteEnsemble(string directory, IReadOnlyList<UNetArchitecture> architectures, IReadOnlyList<TtaPass> passes, Shape3 window)
    {
        List<EnsembleMember> members = [];
        for (int i = 0; i < architectures.Count; i++)
        {
            string file = $"{architectures[i].Name}-{i}.onnx";
            UNetOnnx.Save(Path.Combine(directory, file), UNetWeights.CreateRandom(architectures[i], seed: i), $"random {architectures[i].Name} for czpick bench");
            members.Add(new EnsembleMember(file));
        }

        new EnsembleManifest
        {
            Name = "bench",
            Members = members,
            Tta = passes,
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(p => p.Name)],
            Window = window,
        }.Save(directory);
        return EnsembleManifest.Load(directory);
    }
}
