using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes;

/// <summary>
/// Minimum, maximum, mean and population standard deviation of a volume: the statistics of the seed's z-score
/// (MONAI NormalizeIntensity over the whole tomogram).
/// </summary>
/// <param name="Count">The number of voxels.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Mean">The mean.</param>
/// <param name="StandardDeviation">The population standard deviation (numpy's default, ddof = 0).</param>
public readonly record struct VolumeStatistics(long Count, double Min, double Max, double Mean, double StandardDeviation)
{
    /// <summary>Voxels per read when streaming a source: whole sections, about 64 MB of float32.</summary>
    const long TargetSlabVoxels = 16L << 20;

    /// <summary>
    /// Computes the statistics in one streaming pass over a source, a slab of whole sections at a time, so that
    /// memory stays bounded whatever the volume's size.
    /// </summary>
    /// <param name="source">The volume to read.</param>
    /// <param name="progress">Receives the fraction of sections done, 0–1.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The statistics.</returns>
    public static async Task<VolumeStatistics> ComputeAsync(IVolumeSource source, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Shape3 shape = source.Info.Shape;
        int sectionsPerSlab = (int)Math.Clamp(TargetSlabVoxels / Math.Max(1, shape.SectionVoxelCount), 1, shape.Z);
        float[] slab = new float[checked((int)(sectionsPerSlab * shape.SectionVoxelCount))];
        Accumulator accumulator = default;
        for (int z = 0; z < shape.Z; z += sectionsPerSlab)
        {
            int sections = Math.Min(sectionsPerSlab, shape.Z - z);
            Box3 region = new(new Index3(z, 0, 0), shape with { Z = sections });
            Memory<float> voxels = slab.AsMemory(0, checked((int)region.Size.VoxelCount));
            await source.ReadAsync(region, voxels, cancellationToken).ConfigureAwait(false);
            accumulator.Add(voxels.Span);
            progress?.Report((double)(z + sections) / shape.Z);
        }

        return accumulator.ToStatistics();
    }

    /// <summary>Computes the statistics of voxels in memory.</summary>
    /// <param name="voxels">The voxels.</param>
    /// <returns>The statistics.</returns>
    public static VolumeStatistics Compute(ReadOnlySpan<float> voxels)
    {
        Accumulator accumulator = default;
        accumulator.Add(voxels);
        return accumulator.ToStatistics();
    }

    /// <summary>
    /// Accumulates sums in double precision, shifted by the first value seen so that large offsets (uint16 data)
    /// do not cancel the variance.
    /// </summary>
    struct Accumulator
    {
        long count;
        double shift;
        double sum;
        double sumOfSquares;
        float min;
        float max;

        public void Add(ReadOnlySpan<float> voxels)
        {
            if (voxels.IsEmpty)
            {
                return;
            }

            if (this.count == 0)
            {
                this.shift = voxels[0];
                this.min = float.PositiveInfinity;
                this.max = float.NegativeInfinity;
            }

            this.min = Math.Min(this.min, TensorPrimitives.Min(voxels));
            this.max = Math.Max(this.max, TensorPrimitives.Max(voxels));
            (double sum, double squares) = ShiftedSums(voxels, this.shift);
            this.sum += sum;
            this.sumOfSquares += squares;
            this.count += voxels.Length;
        }

        public readonly VolumeStatistics ToStatistics()
        {
            if (this.count == 0)
            {
                return new VolumeStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN);
            }

            double meanOffset = this.sum / this.count;
            double variance = Math.Max(0, (this.sumOfSquares / this.count) - (meanOffset * meanOffset));
            return new VolumeStatistics(this.count, this.min, this.max, this.shift + meanOffset, Math.Sqrt(variance));
        }

        static (double Sum, double Squares) ShiftedSums(ReadOnlySpan<float> voxels, double shift)
        {
            Vector256<double> sums = Vector256<double>.Zero;
            Vector256<double> squares = Vector256<double>.Zero;
            Vector256<double> offset = Vector256.Create(shift);
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                ReadOnlySpan<Vector256<float>> vectors = System.Runtime.InteropServices.MemoryMarshal.Cast<float, Vector256<float>>(voxels);
                foreach (Vector256<float> vector in vectors)
                {
                    (Vector256<double> lower, Vector256<double> upper) = Vector256.Widen(vector);
                    lower -= offset;
                    upper -= offset;
                    sums += lower + upper;
                    squares += (lower * lower) + (upper * upper);
                }

                i = vectors.Length * Vector256<float>.Count;
            }

            double sum = Vector256.Sum(sums);
            double squaresSum = Vector256.Sum(squares);
            for (; i < voxels.Length; i++)
            {
                double value = voxels[i] - shift;
                sum += value;
                squaresSum += value * value;
            }

            return (sum, squaresSum);
        }
    }
}
