using CzPick.Core.Phantoms;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only phantom`: generating a default phantom (184 × 630 × 630 at 10.012 Å, about 150 particles,
/// label map included) on every core and on one, with wall and CPU time.
/// </summary>
sealed class PhantomBench : IBenchSection
{
    /// <inheritdoc/>
    public string Name => "phantom";

    /// <inheritdoc/>
    public string Description => "phantom generation, default 184×630×630 with labels, all cores and one";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        PhantomOptions options = new() { IncludeLabels = true };
        long voxels = options.Shape.VoxelCount;
        Phantom? last = null;
        BenchContext.ResetPeakMemory();
        context.Heading($"phantom: generation of {options.Shape} at {options.VoxelSpacingAngstrom} Å, SNR {options.SignalToNoiseRatio}, labels, {Environment.ProcessorCount} cores");
        foreach ((string label, int threads) in new[] { ("all cores", -1), ("1 thread", 1) })
        {
            long seed = 0;
            await context.TimeAsync($"generate ({label})", voxels, voxels * sizeof(float), () =>
            {
                last = PhantomGenerator.Generate(options, seed++, "bench", threads, cancellationToken);
                return Task.CompletedTask;
            });
        }

        context.Report("last phantom", $"{last!.Truth.Count} particles, noise σ {last.NoiseStandardDeviation:F3}");
        context.Report("peak RSS", $"{BenchContext.PeakMemoryBytes() / 1e6:F0} MB");
    }
}
