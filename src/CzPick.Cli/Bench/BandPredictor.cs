using System.Numerics.Tensors;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Cli.Bench;

/// <summary>
/// A trivial real network for benchmarks: each voxel's class is the label nearest its value before the z-score,
/// logit_c = −8 (value − c)². On a <see cref="SyntheticTomogram"/> every painted sphere becomes its particle's class,
/// so the benchmark measures the engine around the network, not a network.
/// </summary>
/// <param name="statistics">The statistics the engine z-scores with (an estimate is enough).</param>
/// <param name="channels">The output channels.</param>
sealed class BandPredictor(VolumeStatistics statistics, int channels) : IPatchPredictor
{
    /// <inheritdoc/>
    public int ChannelCount => channels;

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits)
    {
        // L1-sized steps: each channel's slice is written once and squared and scaled while still in cache, so the
        // window goes through memory once per channel, as a network's output would.
        const int Step = 2048;
        Span<float> values = stackalloc float[Step];
        int n = patch.Length;
        for (int start = 0; start < n; start += Step)
        {
            int length = Math.Min(Step, n - start);
            Span<float> value = values[..length];
            TensorPrimitives.Multiply(patch.Slice(start, length), (float)statistics.StandardDeviation, value);
            TensorPrimitives.Add(value, (float)statistics.Mean, value);
            for (int c = 0; c < channels; c++)
            {
                Span<float> channel = logits.Slice((c * n) + start, length);
                TensorPrimitives.Subtract(value, c, channel);
                TensorPrimitives.Multiply(channel, channel, channel);
                TensorPrimitives.Multiply(channel, -8f, channel);
            }
        }
    }
}
