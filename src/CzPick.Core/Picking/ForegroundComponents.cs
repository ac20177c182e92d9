using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CzPick.Core.Geometry;

namespace CzPick.Core.Picking;

/// <summary>A row's stretch of foreground voxels: row = z × Y + y, columns [Start, End).</summary>
/// <param name="Row">The row (z × Y + y).</param>
/// <param name="Start">The first foreground column.</param>
/// <param name="End">The column after the last foreground one.</param>
readonly record struct Run(int Row, int Start, int End);

/// <summary>One connected component: its bounding box, voxel count and runs.</summary>
/// <param name="Box">The bounding box.</param>
/// <param name="VoxelCount">The number of voxels.</param>
/// <param name="FirstRun">The index of its first run in <see cref="ForegroundComponents.RunsByComponent"/>.</param>
/// <param name="RunCount">The number of its runs.</param>
readonly record struct Component(Box3 Box, long VoxelCount, int FirstRun, int RunCount);

/// <summary>
/// The voxels of one probability channel above a threshold, as row runs, labelled into connected components with
/// full (26-) connectivity, as skimage's <c>measure.label</c> does by default. Memory and work grow with the
/// foreground, not the volume: most voxels are below the threshold, and whole 64-voxel stretches of them are skipped
/// with one vector compare each.
/// </summary>
sealed class ForegroundComponents
{
    /// <summary>Sections per parallel scan chunk.</summary>
    const int SectionsPerChunk = 4;

    ForegroundComponents(Shape3 shape, Run[] runsByComponent, Component[] components)
    {
        this.Shape = shape;
        this.RunsByComponent = runsByComponent;
        this.Components = components;
    }

    /// <summary>Gets the scanned extent.</summary>
    public Shape3 Shape { get; }

    /// <summary>Gets every run, grouped by component, each component's runs in raster order.</summary>
    public Run[] RunsByComponent { get; }

    /// <summary>Gets the components in raster order of their first voxel.</summary>
    public Component[] Components { get; }

    /// <summary>Gets the runs of one component.</summary>
    /// <param name="component">The component's index.</param>
    /// <returns>Its runs.</returns>
    public ReadOnlySpan<Run> RunsOf(int component)
    {
        Component c = this.Components[component];
        return this.RunsByComponent.AsSpan(c.FirstRun, c.RunCount);
    }

    /// <summary>Finds the components of voxels strictly above a threshold (NaN is background).</summary>
    /// <param name="values">The channel's voxels, C order, shape.VoxelCount long from offset.</param>
    /// <param name="offset">Where the channel starts in values.</param>
    /// <param name="shape">The channel's extent.</param>
    /// <param name="threshold">Voxels above this are foreground.</param>
    /// <returns>The components.</returns>
    public static ForegroundComponents Find(float[] values, long offset, Shape3 shape, float threshold)
    {
        Run[] runs = Scan(values, offset, shape, threshold, out int[] rowStart);
        int[] parent = new int[runs.Length];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        // 26-connectivity: a run touches runs of the previous row in its section and of three rows of the previous
        // section whose columns reach within one voxel of its own.
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                int row = (z * shape.Y) + y;
                if (rowStart[row] == rowStart[row + 1])
                {
                    continue;
                }

                if (y > 0)
                {
                    Connect(runs, rowStart, row, row - 1, parent);
                }

                if (z > 0)
                {
                    int below = row - shape.Y;
                    Connect(runs, rowStart, row, below, parent);
                    if (y > 0)
                    {
                        Connect(runs, rowStart, row, below - 1, parent);
                    }

                    if (y < shape.Y - 1)
                    {
                        Connect(runs, rowStart, row, below + 1, parent);
                    }
                }
            }
        }

        return Collect(shape, runs, parent);
    }

    static Run[] Scan(float[] values, long offset, Shape3 shape, float threshold, out int[] rowStart)
    {
        int chunks = (shape.Z + SectionsPerChunk - 1) / SectionsPerChunk;
        List<Run>[] found = new List<Run>[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            List<Run> runs = [];
            int z1 = Math.Min(shape.Z, (chunk + 1) * SectionsPerChunk);
            for (int z = chunk * SectionsPerChunk; z < z1; z++)
            {
                for (int y = 0; y < shape.Y; y++)
                {
                    long start = offset + shape.IndexOf(z, y, 0);
                    ScanRow(values.AsSpan(checked((int)start), shape.X), threshold, (z * shape.Y) + y, runs);
                }
            }

            found[chunk] = runs;
        });

        Run[] all = new Run[found.Sum(list => list.Count)];
        int at = 0;
        foreach (List<Run> list in found)
        {
            list.CopyTo(all, at);
            at += list.Count;
        }

        int rows = shape.Z * shape.Y;
        rowStart = new int[rows + 1];
        foreach (Run run in all)
        {
            rowStart[run.Row + 1]++;
        }

        for (int row = 0; row < rows; row++)
        {
            rowStart[row + 1] += rowStart[row];
        }

        return all;
    }

    /// <summary>Appends the runs of one row, 64 voxels at a time: a stretch with no foreground costs one test.</summary>
    static void ScanRow(ReadOnlySpan<float> row, float threshold, int rowIndex, List<Run> runs)
    {
        int runStart = -1;
        for (int x = 0; x < row.Length; x += 64)
        {
            int count = Math.Min(64, row.Length - x);
            ulong valid = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
            ulong above = Above(row, x, count, threshold) & valid;
            ulong below = ~above & valid;
            int position = 0;
            while (position < count)
            {
                ulong next = (runStart < 0 ? above : below) & (ulong.MaxValue << position);
                if (next == 0)
                {
                    break;
                }

                position = BitOperations.TrailingZeroCount(next);
                if (runStart < 0)
                {
                    runStart = x + position;
                }
                else
                {
                    runs.Add(new Run(rowIndex, runStart, x + position));
                    runStart = -1;
                }
            }
        }

        if (runStart >= 0)
        {
            runs.Add(new Run(rowIndex, runStart, row.Length));
        }
    }

    /// <summary>Returns a bit per voxel of row[x .. x + count) (count ≤ 64): set where the value is above the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong Above(ReadOnlySpan<float> row, int x, int count, float threshold)
    {
        ref float first = ref Unsafe.Add(ref MemoryMarshal.GetReference(row), x);
        if (count == 64 && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> t = Vector512.Create(threshold);
            return Vector512.GreaterThan(Vector512.LoadUnsafe(ref first), t).ExtractMostSignificantBits()
                | (Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, 16), t).ExtractMostSignificantBits() << 16)
                | (Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, 32), t).ExtractMostSignificantBits() << 32)
                | (Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, 48), t).ExtractMostSignificantBits() << 48);
        }

        if (count == 64 && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> t = Vector256.Create(threshold);
            ulong bits = 0;
            for (int i = 0; i < 8; i++)
            {
                bits |= (ulong)Vector256.GreaterThan(Vector256.LoadUnsafe(ref first, (nuint)(i * 8)), t).ExtractMostSignificantBits() << (i * 8);
            }

            return bits;
        }

        ulong scalar = 0;
        for (int i = 0; i < count; i++)
        {
            if (Unsafe.Add(ref first, i) > threshold)
            {
                scalar |= 1UL << i;
            }
        }

        return scalar;
    }

    /// <summary>Unites every run of one row with the runs of another row that it touches (columns within one voxel).</summary>
    static void Connect(Run[] runs, int[] rowStart, int row, int other, int[] parent)
    {
        int first = rowStart[other];
        int end = rowStart[other + 1];
        for (int a = rowStart[row]; a < rowStart[row + 1] && first < end; a++)
        {
            Run run = runs[a];

            // Runs of the other row that end before this run's reach cannot touch this or any later run.
            while (first < end && runs[first].End < run.Start)
            {
                first++;
            }

            for (int b = first; b < end && runs[b].Start <= run.End; b++)
            {
                Union(parent, a, b);
            }
        }
    }

    static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    /// <summary>Unites two sets, keeping the smaller index as the root so a component's root is its first run.</summary>
    static void Union(int[] parent, int a, int b)
    {
        int rootA = Find(parent, a);
        int rootB = Find(parent, b);
        if (rootA < rootB)
        {
            parent[rootB] = rootA;
        }
        else if (rootB < rootA)
        {
            parent[rootA] = rootB;
        }
    }

    static ForegroundComponents Collect(Shape3 shape, Run[] runs, int[] parent)
    {
        // Roots are first runs, so numbering roots in run order numbers components in raster order.
        int[] componentOfRun = new int[runs.Length];
        int components = 0;
        for (int i = 0; i < runs.Length; i++)
        {
            int root = Find(parent, i);
            componentOfRun[i] = root == i ? components++ : componentOfRun[root];
        }

        int[] runCount = new int[components];
        long[] voxels = new long[components];
        int[] min = new int[components * 3];
        int[] max = new int[components * 3];
        Array.Fill(min, int.MaxValue);
        Array.Fill(max, int.MinValue);
        for (int i = 0; i < runs.Length; i++)
        {
            Run run = runs[i];
            int c = componentOfRun[i];
            runCount[c]++;
            voxels[c] += run.End - run.Start;
            (int z, int y) = Math.DivRem(run.Row, shape.Y);
            Widen(min, max, c * 3, z, y, run.Start, run.End - 1);
        }

        int[] firstRun = new int[components];
        for (int c = 1; c < components; c++)
        {
            firstRun[c] = firstRun[c - 1] + runCount[c - 1];
        }

        Run[] byComponent = new Run[runs.Length];
        int[] filled = (int[])firstRun.Clone();
        for (int i = 0; i < runs.Length; i++)
        {
            byComponent[filled[componentOfRun[i]]++] = runs[i];
        }

        Component[] result = new Component[components];
        for (int c = 0; c < components; c++)
        {
            Index3 start = new(min[c * 3], min[(c * 3) + 1], min[(c * 3) + 2]);
            Index3 end = new(max[c * 3] + 1, max[(c * 3) + 1] + 1, max[(c * 3) + 2] + 1);
            result[c] = new Component(Box3.FromBounds(start, end), voxels[c], firstRun[c], runCount[c]);
        }

        return new ForegroundComponents(shape, byComponent, result);
    }

    static void Widen(int[] min, int[] max, int at, int z, int y, int x0, int x1)
    {
        min[at] = Math.Min(min[at], z);
        max[at] = Math.Max(max[at], z);
        min[at + 1] = Math.Min(min[at + 1], y);
        max[at + 1] = Math.Max(max[at + 1], y);
        min[at + 2] = Math.Min(min[at + 2], x0);
        max[at + 2] = Math.Max(max[at + 2], x1);
    }
}
