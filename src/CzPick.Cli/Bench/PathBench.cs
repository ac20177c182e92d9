using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only path`: the whole engine, read → normalize → blend → pick, on a 184 × 630 × 630 tomogram
/// made on demand (<see cref="SyntheticTomogram"/>, so the volume is never held whole, as with a ranged file read)
/// with a trivial real predictor. Each configuration runs in a child process whose peak resident memory (VmHWM) is
/// the honest peak of the path: nothing an earlier section allocated is counted.
/// </summary>
sealed class PathBench : IBenchSection
{
    /// <summary>Set in a child process to the configuration it runs.</summary>
    const string ChildVariable = "CZPICK_BENCH_PATH";
    const string ResultPrefix = "path-result ";

    static readonly (string Name, Shape3 Window, long BudgetBytes)[] Configurations =
    [
        ("seed window 160×384×384, 2 GiB budget", BlendOptions.SeedWindow, 2L << 30),
        ("window 128×128×128, 512 MiB budget", new Shape3(128, 128, 128), 512L << 20),
    ];

    /// <inheritdoc/>
    public string Name => "path";

    /// <inheritdoc/>
    public string Description => "read → normalize → blend → pick of a 184×630×630 tomogram with a trivial predictor, peak memory per configuration";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (Environment.GetEnvironmentVariable(ChildVariable) is string child)
        {
            await RunChildAsync(int.Parse(child, CultureInfo.InvariantCulture), cancellationToken);
            return;
        }

        long volumeBytes = 4 * SyntheticTomogram.RealShape.VoxelCount;
        for (int i = 0; i < Configurations.Length; i++)
        {
            context.Heading($"path: {Configurations[i].Name}, 2 blocks at most at once");
            Result result = await RunInChildAsync(i, cancellationToken);
            long voxels = SyntheticTomogram.RealShape.VoxelCount;
            context.Report("blocks", $"{result.Blocks} ({result.Concurrency} at once), largest input {result.LargestInput}, read amplification {result.ReadAmplification:F2}×");
            context.Report("statistics pass (read + stats)", $"{voxels / result.StatisticsSeconds / 1e6:F0} M voxels/s ({result.StatisticsSeconds * 1e3:F0} ms)");
            context.Report("read (per block worker)", Rate(result.InputVoxels, result.ReadSeconds));
            context.Report("normalize (per block worker)", Rate(result.InputVoxels, result.NormalizeSeconds));
            context.Report("blend + predict (per worker)", Rate(result.InputVoxels, result.BlendSeconds));
            context.Report("softmax (per block worker)", Rate(result.InputVoxels, result.SoftmaxSeconds));
            context.Report("pick 5 classes (per worker)", Rate(result.InputVoxels, result.PickSeconds));
            context.Report("whole path", $"{result.TotalSeconds:F2} s, {voxels / result.TotalSeconds / 1e6:F0} M voxels/s of tomogram");
            context.Report("picks", $"{result.Found} of {result.Planted} planted particles found, {result.Picks} picks");
            double target = 2.5 * volumeBytes;
            context.Report("peak resident memory (VmHWM)", $"{result.PeakBytes / 1e6:F0} MB = {result.PeakBytes / (double)volumeBytes:F2} × the volume's float32 size " +
                $"(target ≤ 2.5 × = {target / 1e6:F0} MB: {(result.PeakBytes <= target ? "met" : "not met")})");
        }
    }

    static string Rate(long voxels, double seconds) => $"{voxels / seconds / 1e6:F0} M input voxels/s ({seconds * 1e3:F0} ms summed over blocks)";

    static async Task<Result> RunInChildAsync(int configuration, CancellationToken cancellationToken)
    {
        ProcessStartInfo start = new(Environment.ProcessPath ?? throw new InvalidOperationException("The process path is unknown; cannot start the benchmark's child process."))
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Run as `dotnet czpick.dll`, the child needs the assembly too; as the czpick app host, only the arguments.
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(typeof(PathBench).Assembly.Location);
        }

        foreach (string argument in (string[])["bench", "--only", "path", "--repeat", "1"])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[ChildVariable] = configuration.ToString(CultureInfo.InvariantCulture);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        string output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        string? line = output.Split('\n').FirstOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (process.ExitCode != 0 || line is null)
        {
            throw new InvalidOperationException($"The benchmark's child process exited with {process.ExitCode} and no result; its output:\n{output}");
        }

        return JsonSerializer.Deserialize<Result>(line[ResultPrefix.Length..])!;
    }

    static async Task RunChildAsync(int configuration, CancellationToken cancellationToken)
    {
        (_, Shape3 window, long budget) = Configurations[configuration];
        ParticleCatalog catalog = ParticleCatalog.Czii;
        using SyntheticTomogram tomogram = SyntheticTomogram.Create(SyntheticTomogram.RealShape, catalog, perType: 100, specks: 3000, seed: 1);
        BandPredictor predictor = new(tomogram.EstimateStatistics(), catalog.ChannelCount);
        VolumePicker picker = new(predictor, new VolumePickerOptions
        {
            Picker = new BlockPickerOptions { Catalog = catalog, Blend = new BlendOptions { Window = window } },
            MemoryBudgetBytes = budget,
            MaxConcurrentBlocks = 2,
        });

        Stopwatch watch = Stopwatch.StartNew();
        VolumePickResult picked = await picker.PickAsync(tomogram, cancellationToken: cancellationToken);
        double total = watch.Elapsed.TotalSeconds;
        PlantedRecall recall = PlantedRecall.Of(picked.Picks, tomogram.Particles, catalog, tomogram.Info.VoxelSize);
        BlockPickTimings timings = picked.Timings;
        Result result = new(
            picked.Plan.Blocks.Count,
            picked.ConcurrentBlocks,
            picked.Plan.Blocks.MaxBy(b => b.Input.Size.VoxelCount)!.Input.Size.ToString(),
            picked.Plan.ReadAmplification,
            timings.InputVoxels,
            picked.StatisticsTime.TotalSeconds,
            timings.Read.TotalSeconds,
            timings.Normalize.TotalSeconds,
            timings.Blend.TotalSeconds,
            timings.Softmax.TotalSeconds,
            timings.Pick.TotalSeconds,
            total,
            recall.Planted,
            recall.Found,
            recall.Picks,
            BenchContext.PeakMemoryBytes());
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(result));
    }

    /// <summary>What a child process measured.</summary>
    sealed record Result(
        int Blocks,
        int Concurrency,
        string LargestInput,
        double ReadAmplification,
        long InputVoxels,
        double StatisticsSeconds,
        double ReadSeconds,
        double NormalizeSeconds,
        double BlendSeconds,
        double SoftmaxSeconds,
        double PickSeconds,
        double TotalSeconds,
        int Planted,
        int Found,
        int Picks,
        long PeakBytes);
}
