using System.Numerics.Tensors;
using CzPick.Core.Geometry;

namespace CzPick.Core.Phantoms;

/// <summary>
/// An in-place separable Gaussian blur of a C-order volume, one 1-D kernel per axis, with mirror padding at the
/// borders (scipy.ndimage's "reflect": d c b a | a b c d), so that the borders keep their mean and noise level.
/// Every output voxel is the same fixed sequence of float operations whatever the thread count, so the result is
/// deterministic bit for bit.
/// </summary>
static class SeparableGaussianBlur
{
    /// <summary>Makes a normalised Gaussian kernel, truncated at 3 σ.</summary>
    /// <param name="sigmaVoxels">The standard deviation in voxels; 0 gives the identity kernel [1].</param>
    /// <returns>The 2r + 1 taps, summing to 1.</returns>
    public static float[] Kernel(double sigmaVoxels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sigmaVoxels);
        int radius = (int)Math.Ceiling(3 * sigmaVoxels);
        if (radius == 0)
        {
            return [1f];
        }

        double[] weights = new double[(2 * radius) + 1];
        for (int i = -radius; i <= radius; i++)
        {
            weights[i + radius] = Math.Exp(-(i * i) / (2 * sigmaVoxels * sigmaVoxels));
        }

        double sum = weights.Sum();
        return [.. weights.Select(w => (float)(w / sum))];
    }

    /// <summary>
    /// Gets the factor by which a kernel scales the variance of white noise: Σ w². The variance of blurred white
    /// noise is the product of the three axes' factors.
    /// </summary>
    /// <param name="kernel">The kernel.</param>
    /// <returns>The sum of squared taps.</returns>
    public static double NoiseVarianceGain(float[] kernel) => kernel.Sum(w => (double)w * w);

    /// <summary>Blurs a volume in place: along x and y section by section, then along z.</summary>
    /// <param name="voxels">The voxels in C order.</param>
    /// <param name="shape">The volume's shape.</param>
    /// <param name="kernelZ">The kernel along z (sections).</param>
    /// <param name="kernelY">The kernel along y (rows).</param>
    /// <param name="kernelX">The kernel along x (columns).</param>
    /// <param name="parallel">How many threads may work, and cancellation.</param>
    public static void Apply(float[] voxels, Shape3 shape, float[] kernelZ, float[] kernelY, float[] kernelX, ParallelOptions parallel)
    {
        ArgumentNullException.ThrowIfNull(voxels);
        if (voxels.LongLength != shape.VoxelCount)
        {
            throw new ArgumentException($"A {shape} volume needs {shape.VoxelCount} voxels, not {voxels.LongLength}.", nameof(voxels));
        }

        int rowLength = shape.X;
        int sectionLength = checked((int)shape.SectionVoxelCount);
        if (kernelX.Length > 1 || kernelY.Length > 1)
        {
            int ry = kernelY.Length / 2;
            int scratchLength = Math.Max(rowLength + kernelX.Length - 1, (shape.Y + (2 * ry)) * rowLength);
            Parallel.For(
                0,
                shape.Z,
                parallel,
                () => new float[scratchLength],
                (z, _, scratch) =>
                {
                    Span<float> section = voxels.AsSpan(z * sectionLength, sectionLength);
                    if (kernelX.Length > 1)
                    {
                        for (int y = 0; y < shape.Y; y++)
                        {
                            Span<float> row = section.Slice(y * rowLength, rowLength);
                            Pad(row, 1, rowLength, kernelX.Length / 2, scratch);
                            Accumulate(scratch, 1, kernelX, row);
                        }
                    }

                    if (kernelY.Length > 1)
                    {
                        Pad(section, rowLength, shape.Y, ry, scratch);
                        for (int y = 0; y < shape.Y; y++)
                        {
                            Accumulate(scratch.AsSpan(y * rowLength), rowLength, kernelY, section.Slice(y * rowLength, rowLength));
                        }
                    }

                    return scratch;
                },
                _ => { });
        }

        if (kernelZ.Length > 1)
        {
            int rz = kernelZ.Length / 2;
            Parallel.For(
                0,
                shape.Y,
                parallel,
                () => new float[(shape.Z + (2 * rz)) * rowLength],
                (y, _, scratch) =>
                {
                    // Gather the y-th row of every section into padded planes, then write the blurred rows back.
                    for (int i = 0; i < shape.Z + (2 * rz); i++)
                    {
                        long source = ((long)Mirror(i - rz, shape.Z) * sectionLength) + ((long)y * rowLength);
                        voxels.AsSpan((int)source, rowLength).CopyTo(scratch.AsSpan(i * rowLength, rowLength));
                    }

                    for (int z = 0; z < shape.Z; z++)
                    {
                        Accumulate(scratch.AsSpan(z * rowLength), rowLength, kernelZ, voxels.AsSpan((z * sectionLength) + (y * rowLength), rowLength));
                    }

                    return scratch;
                },
                _ => { });
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> elements of a line, each <paramref name="length"/> floats long (one voxel of a
    /// row, or a whole row of a section), into <paramref name="scratch"/> with <paramref name="radius"/> mirrored
    /// elements before and after.
    /// </summary>
    static void Pad(ReadOnlySpan<float> line, int length, int count, int radius, Span<float> scratch)
    {
        line[..(count * length)].CopyTo(scratch[(radius * length)..]);
        for (int i = 0; i < radius; i++)
        {
            line.Slice(Mirror(i - radius, count) * length, length).CopyTo(scratch.Slice(i * length, length));
            int after = count + radius + i;
            line.Slice(Mirror(after - radius, count) * length, length).CopyTo(scratch.Slice(after * length, length));
        }
    }

    /// <summary>destination = Σₜ kernel[t] × source[t × tapStride …], in tap order.</summary>
    static void Accumulate(ReadOnlySpan<float> source, int tapStride, float[] kernel, Span<float> destination)
    {
        TensorPrimitives.Multiply(source[..destination.Length], kernel[0], destination);
        for (int t = 1; t < kernel.Length; t++)
        {
            TensorPrimitives.MultiplyAdd(source.Slice(t * tapStride, destination.Length), kernel[t], destination, destination);
        }
    }

    /// <summary>Folds an index into [0, count) by mirroring about the borders (half-sample symmetric), repeatedly.</summary>
    /// <param name="index">The index, possibly outside.</param>
    /// <param name="count">The number of elements.</param>
    /// <returns>The index inside.</returns>
    internal static int Mirror(int index, int count)
    {
        int period = 2 * count;
        int folded = ((index % period) + period) % period;
        return folded < count ? folded : period - 1 - folded;
    }
}
