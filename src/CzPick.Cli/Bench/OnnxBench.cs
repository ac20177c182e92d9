using System.Diagnostics;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.Runtime;
using CzPick.Inference.UNet;
using Microsoft.ML.OnnxRuntime;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only onnx`: how close ONNX Runtime gets to this machine's float32 peak. Each of the seed's
/// architectures (random weights, built in memory) predicts windows through the product's own
/// <see cref="EnsemblePredictor"/> on the CPU, and only the wall time inside InferenceSession.Run is counted, against
/// the convolutions' FLOP count (<see cref="UNetArchitecture.ConvolutionFlops"/>: 2 × C_in × C_out × k³ per output
/// voxel of every convolution, per input voxel of every transposed one). The peak is an FMA microbenchmark
/// (<see cref="FmaPeak"/>) on as many threads as ONNX Runtime's intra-op pool, run for half a second just before and
/// just after every timed window, so that on a shared machine each window is compared with the peak under the same
/// load; medians over the windows are reported. Then ONNX Runtime's own ceiling on this machine: a square MatMul,
/// its fastest float32 kernel, against the same peak. Last, members × passes run one Run each versus as one fused graph.
/// </summary>
sealed class OnnxBench : IBenchSection
{
    static readonly Shape3 Window = new(96, 96, 96);
    static readonly Shape3 FusionWindow = new(64, 64, 64);
    static readonly Shape3 QuickWindow = new(32, 32, 32);
    const int CeilingSize = 2048;
    const int QuickCeilingSize = 256;

    /// <inheritdoc/>
    public string Name => "onnx";

    /// <inheritdoc/>
    public string Description => "FMA peak, ONNX throughput and efficiency per UNet (tiny, medium, big) on the CPU, ONNX Runtime's MatMul ceiling, fused vs separate ensemble runs";

    /// <inheritdoc/>
    public Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        Shape3 window = context.Quick ? QuickWindow : Window;
        int passes = context.Quick ? 1 : Math.Min(context.Repeat, 3);
        InferenceOptions options = new() { Device = ExecutionDevice.Cpu };
        int threads = options.EffectiveIntraOpThreads;
        TimeSpan peakDuration = TimeSpan.FromSeconds(context.Quick ? 0.05 : 0.5);
        context.Heading($"onnx: ONNX Runtime on the CPU, {threads} intra-op threads, window {window}, random weights; {passes} timed windows per network after one warm-up, medians");
        context.Report("GFLOP/s (gflops)", "convolution FLOPs of one window (2 per multiply-add) ÷ wall time inside InferenceSession.Run");
        context.Report("peak (peak_gflops)", $"FMA chains, Vector{FmaPeak.VectorBits}, 12 accumulators × {threads} threads, {peakDuration.TotalSeconds:F2} s before and after every window");
        context.Report("efficiency", "GFLOP/s ÷ the FMA peak; per network, the median of each window over the peak measured around it");

        double totalFlops = 0;
        double totalSeconds = 0;
        double totalCpuSeconds = 0;
        List<FmaPeakResult> peaks = [];
        foreach (UNetArchitecture architecture in UNetArchitecture.Seed)
        {
            cancellationToken.ThrowIfCancellationRequested();
            double flops = architecture.ConvolutionFlops(window.Z, window.Y, window.X);
            BenchContext.ResetPeakMemory();
            List<WindowTime> times = TimeWindows([architecture], [TtaPass.Identity], window, options, passes, () => FmaPeak.Measure(threads, peakDuration));
            double seconds = Median(times.Select(t => t.Seconds));
            double cpuSeconds = Median(times.Select(t => t.CpuSeconds));
            double ratio = Median(times.Select(t => flops / t.Seconds / 1e9 / ((t.PeakBefore!.Value.Gflops + t.PeakAfter!.Value.Gflops) / 2)));
            peaks.Add(times[0].PeakBefore!.Value);
            peaks.AddRange(times.Select(t => t.PeakAfter!.Value));
            totalFlops += flops;
            totalSeconds += seconds;
            totalCpuSeconds += cpuSeconds;
            context.Report(
                $"{architecture.Name} ({flops / 1e9:F1} GFLOP/window)",
                $"{1 / seconds:F3} windows/s, {window.VoxelCount / seconds / 1e6:F2} M voxels/s, {flops / seconds / 1e9:F0} GFLOP/s = {ratio:P0} of the FMA peak around it; " +
                $"{seconds:F2} s wall, {cpuSeconds:F2} s CPU per window; peak RSS {BenchContext.PeakMemoryBytes() / 1e6:F0} MB");
            context.Record($"gflops_{architecture.Name}", flops / seconds / 1e9);
            context.Record($"efficiency_{architecture.Name}", ratio);
        }

        double peak = Median(peaks.Select(p => p.Gflops));
        double peakPerCpu = Median(peaks.Select(p => p.GflopsPerCpuSecond));
        double achieved = totalFlops / totalSeconds / 1e9;
        double achievedPerCpu = totalFlops / totalCpuSeconds / 1e9;
        context.Report(
            $"FMA peak (Vector{FmaPeak.VectorBits}, {threads} threads)",
            $"median {peak:F0} GFLOP/s wall over {peaks.Count} measurements (range {peaks.Min(p => p.Gflops):F0}–{peaks.Max(p => p.Gflops):F0}); {peakPerCpu:F0} GFLOP per CPU-second");
        context.Report("all three, FLOP-weighted", $"{achieved:F0} GFLOP/s = {achieved / peak:P0} of the FMA peak (wall); {achievedPerCpu:F0} GFLOP per CPU-second = {achievedPerCpu / peakPerCpu:P0} of the peak per CPU-second");
        context.Record("gflops", achieved);
        context.Record("peak_gflops", peak);
        context.Record("efficiency", achieved / peak);
        context.Record("gflops_per_cpu_second", achievedPerCpu);
        context.Record("peak_gflops_per_cpu_second", peakPerCpu);

        int size = context.Quick ? QuickCeilingSize : CeilingSize;
        (double ceiling, double ceilingRatio) = MeasureCeiling(options, size, context.Quick ? 1 : 5, () => FmaPeak.Measure(threads, peakDuration));
        context.Report(
            $"ONNX Runtime MatMul {size}³",
            $"{ceiling:F0} GFLOP/s = {ceilingRatio:P0} of the FMA peak around it: the runtime's fastest float32 kernel (MLAS SGEMM), its ceiling here; the three UNets run at {achieved / ceiling:P0} of it");
        context.Record("ceiling_gflops", ceiling);
        context.Record("ceiling_efficiency", ceilingRatio);

        Shape3 fusionWindow = context.Quick ? QuickWindow : FusionWindow;
        UNetArchitecture[] members = [UNetArchitecture.Tiny, UNetArchitecture.Tiny];
        List<WindowTime> separate = TimeWindows(members, TtaPasses.Seed, fusionWindow, options, passes, peak: null);
        List<WindowTime> fused = TimeWindows(members, TtaPasses.Seed, fusionWindow, options with { FuseMembers = true }, passes, peak: null);
        double separateWindow = Median(separate.Select(t => t.WindowSeconds));
        double separateRun = Median(separate.Select(t => t.Seconds));
        double fusedWindow = Median(fused.Select(t => t.WindowSeconds));
        context.Report(
            $"2 tiny × 4 TTA passes, {fusionWindow}",
            $"8 separate Runs {separateWindow:F2} s/window ({separateRun:F2} s in ONNX Runtime), one fused graph {fusedWindow:F2} s/window: fused is {separateWindow / fusedWindow:F2}× as fast");
        context.Report("TTA transforms and mean outside ONNX", $"{(separateWindow - separateRun) * 1e3:F0} ms/window = {(separateWindow - separateRun) / separateWindow:P1} of the window");
        context.Record("fused_speedup", separateWindow / fusedWindow);
        return Task.CompletedTask;
    }

    static double Median(IEnumerable<double> values)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// Writes an ensemble of random-weight members, predicts one warm-up window, then times windows, measuring the
    /// peak before the first and after every one when asked to.
    /// </summary>
    /// <returns>Per timed window: seconds inside InferenceSession.Run (wall and the process's CPU time), of the whole Predict call, and the peak around it.</returns>
    static List<WindowTime> TimeWindows(IReadOnlyList<UNetArchitecture> architectures, IReadOnlyList<TtaPass> passes, Shape3 window, InferenceOptions options, int windows, Func<FmaPeakResult>? peak)
    {
        string directory = Directory.CreateTempSubdirectory("czpick-bench-onnx-").FullName;
        try
        {
            EnsembleManifest manifest = WriteEnsemble(directory, architectures, passes, window);
            using EnsemblePredictor predictor = new(manifest, options);
            float[] patch = UniformNoise(checked((int)window.VoxelCount), seed: 96);

            float[] logits = new float[predictor.ChannelCount * window.VoxelCount];
            predictor.Predict(patch, window, logits);
            List<WindowTime> times = [];
            using Process self = Process.GetCurrentProcess();
            FmaPeakResult? before = peak?.Invoke();
            for (int i = 0; i < windows; i++)
            {
                TimeSpan run = predictor.Statistics.RunTime;
                self.Refresh();
                TimeSpan cpu = self.TotalProcessorTime;
                long started = Stopwatch.GetTimestamp();
                predictor.Predict(patch, window, logits);
                double elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
                self.Refresh();
                double seconds = (predictor.Statistics.RunTime - run).TotalSeconds;
                double cpuSeconds = (self.TotalProcessorTime - cpu).TotalSeconds;
                FmaPeakResult? after = peak?.Invoke();
                times.Add(new WindowTime(seconds, cpuSeconds, elapsed, before, after));
                before = after;
            }

            return times;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Times ONNX Runtime's product of two square matrices with the product's own CPU session settings, measuring the
    /// peak before the first run and after every one, as for the windows.
    /// </summary>
    /// <returns>The median GFLOP/s and the median of each run's GFLOP/s over the peak around it.</returns>
    static (double Gflops, double Ratio) MeasureCeiling(InferenceOptions options, int size, int runs, Func<FmaPeakResult> peak)
    {
        using OnnxSessionFactory factory = new(options);
        using InferenceSession session = factory.Create(MatMulModel.Create(size, size, size, seed: 1), "matmul");
        float[] left = UniformNoise(size * size, seed: 2048);
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(left, [size, size]);
        using RunOptions runOptions = new();
        double flops = MatMulModel.Flops(size, size, size);
        session.Run(runOptions, [MatMulModel.InputName], [input], [MatMulModel.OutputName]).Dispose();
        List<(double Gflops, double Ratio)> timed = [];
        FmaPeakResult before = peak();
        for (int i = 0; i < runs; i++)
        {
            long started = Stopwatch.GetTimestamp();
            session.Run(runOptions, [MatMulModel.InputName], [input], [MatMulModel.OutputName]).Dispose();
            double gflops = flops / Stopwatch.GetElapsedTime(started).TotalSeconds / 1e9;
            FmaPeakResult after = peak();
            timed.Add((gflops, gflops / ((before.Gflops + after.Gflops) / 2)));
            before = after;
        }

        return (Median(timed.Select(t => t.Gflops)), Median(timed.Select(t => t.Ratio)));
    }

    static float[] UniformNoise(int length, int seed)
    {
        Random random = new(seed);
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2) - 1;
        }

        return values;
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

    /// <summary>One timed window.</summary>
    /// <param name="Seconds">Wall time inside InferenceSession.Run.</param>
    /// <param name="CpuSeconds">The process's CPU time over the window.</param>
    /// <param name="WindowSeconds">Wall time of the whole Predict call (TTA transforms and the mean included).</param>
    /// <param name="PeakBefore">The FMA peak just before, when measured.</param>
    /// <param name="PeakAfter">The FMA peak just after, when measured.</param>
    readonly record struct WindowTime(double Seconds, double CpuSeconds, double WindowSeconds, FmaPeakResult? PeakBefore, FmaPeakResult? PeakAfter);
}
