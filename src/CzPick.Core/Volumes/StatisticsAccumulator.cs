using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CzPick.Core.Volumes;

/// <summary>
/// Count, mean, sum of squared deviations, minimum and maximum of the voxels seen so far. Each span added is
/// summarized in one vectorized pass with double sums shifted by its first value, so that large offsets (uint16
/// data around 60000) do not cancel the variance; summaries are merged exactly (Chan et al.), so chunks read in
/// parallel give the same answer as one pass, whatever their order of arrival, as long as they are merged in order.
/// </summary>
struct StatisticsAccumulator
{
    long count;
    double mean;
    double squaredDeviations;
    float min;
    float max;

    /// <summary>Adds voxels.</summary>
    /// <param name="voxels">The voxels.</param>
    public void Add(ReadOnlySpan<float> voxels)
    {
        if (voxels.IsEmpty)
        {
            return;
        }

        double shift = voxels[0];
        (double sum, double squares, float low, float high) = Summarize(voxels, shift);
        StatisticsAccumulator chunk = new()
        {
            count = voxels.Length,
            mean = shift + (sum / voxels.Length),
            squaredDeviations = Math.Max(0, squares - (sum * sum / voxels.Length)),
            min = low,
            max = high,
        };
        this.Merge(chunk);
    }

    /// <summary>Adds the voxels another accumulator has seen.</summary>
    /// <param name="other">The other accumulator.</param>
    public void Merge(in StatisticsAccumulator other)
    {
        if (other.count == 0)
        {
            return;
        }

        if (this.count == 0)
        {
            this = other;
            return;
        }

        long total = this.count + other.count;
        double delta = other.mean - this.mean;
        this.mean += delta * other.count / total;
        this.squaredDeviations += other.squaredDeviations + (delta * delta * ((double)this.count * other.count / total));
        this.count = total;
        this.min = Math.Min(this.min, other.min);
        this.max = Math.Max(this.max, other.max);
    }

    /// <summary>Returns the statistics of everything added; NaN everywhere when nothing was.</summary>
    /// <returns>The statistics.</returns>
    public readonly VolumeStatistics ToStatistics() => this.count == 0
        ? new VolumeStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN)
        : new VolumeStatistics(this.count, this.min, this.max, this.mean, Math.Sqrt(this.squaredDeviations / this.count));

    /// <summary>
    /// One pass over the voxels: Σ(x − shift), Σ(x − shift)², min and max, widening to double as it goes. Two sets of
    /// accumulators per vector width hide the adds' latency. NaN voxels make the sums NaN (min and max may skip them).
    /// </summary>
    static (double Sum, double Squares, float Min, float Max) Summarize(ReadOnlySpan<float> voxels, double shift)
    {
        double sum = 0;
        double squares = 0;
        float min = float.PositiveInfinity;
        float max = float.NegativeInfinity;
        int done = 0;
        if (Vector512.IsHardwareAccelerated && voxels.Length >= 2 * Vector512<float>.Count)
        {
            ReadOnlySpan<Vector512<float>> vectors = MemoryMarshal.Cast<float, Vector512<float>>(voxels);
            Vector512<double> offset = Vector512.Create(shift);
            Vector512<double> sum0 = Vector512<double>.Zero, sum1 = Vector512<double>.Zero;
            Vector512<double> squares0 = Vector512<double>.Zero, squares1 = Vector512<double>.Zero;
            Vector512<float> low = Vector512.Create(float.PositiveInfinity), high = Vector512.Create(float.NegativeInfinity);
            foreach (Vector512<float> vector in vectors)
            {
                low = Vector512.MinNative(low, vector);
                high = Vector512.MaxNative(high, vector);
                Vector512<double> lower = Vector512.WidenLower(vector) - offset;
                Vector512<double> upper = Vector512.WidenUpper(vector) - offset;
                sum0 += lower;
                sum1 += upper;
                squares0 = Vector512.FusedMultiplyAdd(lower, lower, squares0);
                squares1 = Vector512.FusedMultiplyAdd(upper, upper, squares1);
            }

            sum = Vector512.Sum(sum0 + sum1);
            squares = Vector512.Sum(squares0 + squares1);
            min = HorizontalMin(low.GetLower(), low.GetUpper());
            max = HorizontalMax(high.GetLower(), high.GetUpper());
            done = vectors.Length * Vector512<float>.Count;
        }
        else if (Vector256.IsHardwareAccelerated && voxels.Length >= 2 * Vector256<float>.Count)
        {
            ReadOnlySpan<Vector256<float>> vectors = MemoryMarshal.Cast<float, Vector256<float>>(voxels);
            Vector256<double> offset = Vector256.Create(shift);
            Vector256<double> sum0 = Vector256<double>.Zero, sum1 = Vector256<double>.Zero;
            Vector256<double> squares0 = Vector256<double>.Zero, squares1 = Vector256<double>.Zero;
            Vector256<float> low = Vector256.Create(float.PositiveInfinity), high = Vector256.Create(float.NegativeInfinity);
            foreach (Vector256<float> vector in vectors)
            {
                low = Vector256.MinNative(low, vector);
                high = Vector256.MaxNative(high, vector);
                Vector256<double> lower = Vector256.WidenLower(vector) - offset;
                Vector256<double> upper = Vector256.WidenUpper(vector) - offset;
                sum0 += lower;
                sum1 += upper;
                squares0 = Vector256.FusedMultiplyAdd(lower, lower, squares0);
                squares1 = Vector256.FusedMultiplyAdd(upper, upper, squares1);
            }

            sum = Vector256.Sum(sum0 + sum1);
            squares = Vector256.Sum(squares0 + squares1);
            min = HorizontalMin(low, low);
            max = HorizontalMax(high, high);
            done = vectors.Length * Vector256<float>.Count;
        }

        foreach (float voxel in voxels[done..])
        {
            double value = voxel - shift;
            sum += value;
            squares += value * value;
            min = Math.Min(min, voxel);
            max = Math.Max(max, voxel);
        }

        return (sum, squares, min, max);
    }

    static float HorizontalMin(Vector256<float> a, Vector256<float> b)
    {
        float min = float.PositiveInfinity;
        Vector256<float> both = Vector256.Min(a, b);
        for (int i = 0; i < Vector256<float>.Count; i++)
        {
            min = Math.Min(min, both[i]);
        }

        return min;
    }

    static float HorizontalMax(Vector256<float> a, Vector256<float> b)
    {
        float max = float.NegativeInfinity;
        Vector256<float> both = Vector256.Max(a, b);
        for (int i = 0; i < Vector256<float>.Count; i++)
        {
            max = Math.Max(max, both[i]);
        }

        return max;
    }
}
