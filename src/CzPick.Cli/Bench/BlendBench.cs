using System.Diagnostics;
using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Volumes;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only blend`: the seed's sliding window (160 × 384 × 384, overlap 0.25, Gaussian) over a whole
/// 184 × 630 × 630 tomogram with a trivial predictor (eight windows, seven channels), then softmax over the channels.
/// </summary>
sealed class BlendBench : IBenchSection
{
    /// <inheritdoc/>
    public string Name => "blend";

    /// <inheritdoc/>
    public string Description => "Gaussian sliding-window blend (seed window, 7 channels) and softmax of a 184×630×630 tomogram";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ParticleCatalog catalog = ParticleCatalog.Czii;
        int channels = catalog.ChannelCount;
        Shape3 shape = SyntheticTomogram.RealShape;
        using SyntheticTomogram tomogram = SyntheticTomogram.Create(shape, catalog, perType: 100, specks: 3000, seed: 1);
        float[] input = new float[shape.VoxelCount];
        await tomogram.ReadAsync(Box3.Whole(shape), input, cancellationToken);

        // Raw values with identity statistics: the predictor sees what it would see after the z-score and its undoing.
        TimedPredictor predictor = new(new BandPredictor(new VolumeStatistics(1, 0, 0, 0, 1), channels));
        SlidingWindowBlender blender = new(new BlendOptions());
        float[] output = new float[channels * shape.VoxelCount];
        BlendScratch scratch = new();
        int windows = WindowPlanner.Plan(shape, blender.Window, blender.Options.Overlap).Starts.Count;
        context.Heading($"blend: {shape} input, window {blender.Window}, {windows} windows, {channels} channels");

        long voxels = shape.VoxelCount;
        double bestBlendSeconds = double.MaxValue;
        await context.TimeAsync("blend + predict", voxels, 4 * voxels, () =>
        {
            TimeSpan predicting = predictor.Elapsed;
            Stopwatch watch = Stopwatch.StartNew();
            blender.Blend(input, shape, predictor, output, scratch, cancellationToken);
            bestBlendSeconds = Math.Min(bestBlendSeconds, (watch.Elapsed - (predictor.Elapsed - predicting)).TotalSeconds);
            return Task.CompletedTask;
        });
        context.Report("blending alone (predictor out)", $"best {voxels / bestBlendSeconds / 1e6:F0} M voxels/s ({bestBlendSeconds * 1e3:F0} ms)");

        await context.TimeAsync("softmax (7 channels)", voxels, 8L * channels * voxels, () =>
        {
            // Softmax of softmax is still a valid input: every pass does the same work.
            Softmax.InPlace(output, channels, voxels);
            return Task.CompletedTask;
        });
    }

    /// <summary>Adds up the time spent in a predictor, so the engine's share of a blend can be told apart.</summary>
    sealed class TimedPredictor(IPatchPredictor inner) : IPatchPredictor
    {
        long ticks;

        public int ChannelCount => inner.ChannelCount;

        public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref this.ticks));

        public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits)
        {
            long started = Stopwatch.GetTimestamp();
            inner.Predict(patch, shape, logits);
            Interlocked.Add(ref this.ticks, Stopwatch.GetTimestamp() - started);
        }
    }
}
