using System.Numerics.Tensors;

namespace CzPick.Core.Volumes;

/// <summary>
/// The seed's input normalization, (x − mean) / std with the whole tomogram's statistics (MONAI
/// NormalizeIntensity). A constant volume (std = 0) is only centred, as MONAI does: its std is taken as 1, so
/// every voxel becomes 0.
/// </summary>
public static class ZScore
{
    /// <summary>Elements per step: the subtract and the multiply both run while the step is in L1.</summary>
    const int StepLength = 4096;

    /// <summary>Elements per parallel task: large enough that scheduling is negligible.</summary>
    const int TaskLength = StepLength * 256;

    /// <summary>Z-scores voxels in place.</summary>
    /// <param name="voxels">The voxels, replaced by their z-scores.</param>
    /// <param name="statistics">The whole volume's statistics.</param>
    /// <exception cref="ArgumentException">The mean or the standard deviation is not finite (the volume holds NaN or infinity).</exception>
    public static void Apply(Span<float> voxels, VolumeStatistics statistics) => Apply(voxels, voxels, statistics);

    /// <summary>Z-scores a large buffer in place, split across cores.</summary>
    /// <param name="voxels">The voxels, replaced by their z-scores.</param>
    /// <param name="statistics">The whole volume's statistics.</param>
    /// <exception cref="ArgumentException">The mean or the standard deviation is not finite (the volume holds NaN or infinity).</exception>
    public static void ApplyParallel(Memory<float> voxels, VolumeStatistics statistics)
    {
        (float mean, float std) = Parameters(statistics);
        int tasks = (voxels.Length + TaskLength - 1) / TaskLength;
        Parallel.For(0, tasks, task =>
        {
            Span<float> part = voxels.Span.Slice(task * TaskLength, Math.Min(TaskLength, voxels.Length - (task * TaskLength)));
            Normalize(part, part, mean, std);
        });
    }

    /// <summary>Z-scores voxels into another buffer.</summary>
    /// <param name="source">The voxels.</param>
    /// <param name="destination">Receives the z-scores; as long as the source, or the source itself.</param>
    /// <param name="statistics">The whole volume's statistics.</param>
    /// <exception cref="ArgumentException">The lengths differ, or the mean or standard deviation is not finite.</exception>
    public static void Apply(ReadOnlySpan<float> source, Span<float> destination, VolumeStatistics statistics)
    {
        if (source.Length != destination.Length)
        {
            throw new ArgumentException($"The destination holds {destination.Length} values, the source {source.Length}.", nameof(destination));
        }

        (float mean, float std) = Parameters(statistics);
        Normalize(source, destination, mean, std);
    }

    static (float Mean, float Std) Parameters(VolumeStatistics statistics)
    {
        if (!double.IsFinite(statistics.Mean) || !double.IsFinite(statistics.StandardDeviation))
        {
            throw new ArgumentException(
                $"Cannot z-score with mean {statistics.Mean} and standard deviation {statistics.StandardDeviation}: the volume holds NaN or infinite values.",
                nameof(statistics));
        }

        return ((float)statistics.Mean, statistics.StandardDeviation == 0 ? 1f : (float)statistics.StandardDeviation);
    }

    /// <summary>
    /// Subtracts and divides one L1-sized step at a time, so each step is loaded once. Dividing (not multiplying by
    /// 1 / std) gives MONAI's float32 results exactly.
    /// </summary>
    static void Normalize(ReadOnlySpan<float> source, Span<float> destination, float mean, float std)
    {
        for (int start = 0; start < source.Length; start += StepLength)
        {
            int length = Math.Min(StepLength, source.Length - start);
            Span<float> step = destination.Slice(start, length);
            TensorPrimitives.Subtract(source.Slice(start, length), mean, step);
            TensorPrimitives.Divide(step, std, step);
        }
    }
}
