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
        // The last channel's slot holds the values until it is overwritten last.
        int n = patch.Length;
        Span<float> values = logits.Slice((channels - 1) * n, n);
        TensorPrimitives.Multiply(patch, (float)statistics.StandardDeviation, values);
        TensorPrimitives.Add(values, (float)statistics.Mean, values);
        for (int c = 0; c < channels; c++)
        {
            Span<float> channel = logits.Slice(c * n, n);
            TensorPrimitives.Subtract(values, c, channel);
            TensorPrimitives.Multiply(channel, channel, channel);
            TensorPrimitives.Multiply(channel, -8f, channel);
        }
    }
}
