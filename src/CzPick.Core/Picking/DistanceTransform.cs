using System.Buffers;
using CzPick.Core.Geometry;

namespace CzPick.Core.Picking;

/// <summary>
/// The exact Euclidean distance transform, squared, with scipy's <c>distance_transform_edt</c> semantics: each
/// foreground voxel gets the squared distance to the nearest background voxel of the array; voxels outside the array
/// are not background. Squared integer distances keep every comparison exact (sqrt is monotonic, so peaks, ties and
/// watershed order are those of scipy's float distances). Separable: a linear scan along x, then the lower envelope
/// of parabolas (Felzenszwalb and Huttenlocher) along y and z.
/// </summary>
static class DistanceTransform
{
    /// <summary>The value of a foreground voxel before the transform, and after it where no background exists.</summary>
    public const int Foreground = int.MaxValue;

    /// <summary>Transforms in place: 0 stays 0 (background), <see cref="Foreground"/> becomes the squared distance.</summary>
    /// <param name="values">The voxels, C order, shape.VoxelCount long.</param>
    /// <param name="shape">The extent.</param>
    public static void SquaredInPlace(Span<int> values, Shape3 shape)
    {
        int longest = Math.Max(shape.X, Math.Max(shape.Y, shape.Z));
        int[] line = ArrayPool<int>.Shared.Rent(longest);
        int[] result = ArrayPool<int>.Shared.Rent(longest);
        int[] sites = ArrayPool<int>.Shared.Rent(longest);
        double[] bounds = ArrayPool<double>.Shared.Rent(longest + 1);
        try
        {
            int rows = shape.Z * shape.Y;
            for (int row = 0; row < rows; row++)
            {
                AlongRow(values.Slice(row * shape.X, shape.X));
            }

            for (int z = 0; z < shape.Z; z++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    int first = (int)shape.IndexOf(z, 0, x);
                    Strided(values, first, shape.X, shape.Y, line, result, sites, bounds);
                }
            }

            int section = (int)shape.SectionVoxelCount;
            for (int yx = 0; yx < section; yx++)
            {
                Strided(values, yx, section, shape.Z, line, result, sites, bounds);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(line);
            ArrayPool<int>.Shared.Return(result);
            ArrayPool<int>.Shared.Return(sites);
            ArrayPool<double>.Shared.Return(bounds);
        }
    }

    /// <summary>First axis: the squared distance to the nearest background voxel of the row, by two scans.</summary>
    static void AlongRow(Span<int> row)
    {
        int lastBackground = -1;
        for (int x = 0; x < row.Length; x++)
        {
            if (row[x] == 0)
            {
                lastBackground = x;
            }
            else
            {
                row[x] = lastBackground < 0 ? Foreground : Square(x - lastBackground);
            }
        }

        int nextBackground = -1;
        for (int x = row.Length - 1; x >= 0; x--)
        {
            if (row[x] == 0)
            {
                nextBackground = x;
            }
            else if (nextBackground >= 0)
            {
                row[x] = Math.Min(row[x], Square(nextBackground - x));
            }
        }
    }

    static void Strided(Span<int> values, int first, int stride, int length, int[] line, int[] result, int[] sites, double[] bounds)
    {
        for (int i = 0; i < length; i++)
        {
            line[i] = values[first + (i * stride)];
        }

        LowerEnvelope(line.AsSpan(0, length), result, sites, bounds);
        for (int i = 0; i < length; i++)
        {
            values[first + (i * stride)] = result[i];
        }
    }

    /// <summary>
    /// result[q] = min over p of (q − p)² + f[p], the minimum over the parabolas rooted at every finite f[p]; a line
    /// with no finite value stays <see cref="Foreground"/>.
    /// </summary>
    static void LowerEnvelope(ReadOnlySpan<int> f, int[] result, int[] sites, double[] bounds)
    {
        int k = -1;
        for (int q = 0; q < f.Length; q++)
        {
            if (f[q] == Foreground)
            {
                continue;
            }

            double s = double.NegativeInfinity;
            while (k >= 0)
            {
                int p = sites[k];
                s = ((f[q] + ((double)q * q)) - (f[p] + ((double)p * p))) / (2.0 * (q - p));
                if (s > bounds[k])
                {
                    break;
                }

                k--;
            }

            k++;
            sites[k] = q;
            bounds[k] = k == 0 ? double.NegativeInfinity : s;
        }

        if (k < 0)
        {
            result.AsSpan(0, f.Length).Fill(Foreground);
            return;
        }

        int segment = 0;
        for (int q = 0; q < f.Length; q++)
        {
            while (segment < k && bounds[segment + 1] < q)
            {
                segment++;
            }

            int p = sites[segment];
            result[q] = (int)Math.Min(Foreground, ((long)(q - p) * (q - p)) + f[p]);
        }
    }

    static int Square(int d) => d * d;
}
