using System.Numerics;
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
/// The voxels of a foreground mask as row runs, labelled into connected components with full (26-) connectivity, as
/// skimage's <c>measure.label</c> does by default. Memory and work grow with the foreground, not the volume: most
/// voxels are background, and a word of 64 of them is skipped with one test.
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

    /// <summary>Finds the components of a mask's voxels.</summary>
    /// <param name="mask">The foreground.</param>
    /// <returns>The components.</returns>
    public static ForegroundComponents Find(ForegroundMask mask)
    {
        Shape3 shape = mask.Shape;
        Run[] runs = Scan(mask, out int[] rowStart);
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

    static Run[] Scan(ForegroundMask mask, out int[] rowStart)
    {
        Shape3 shape = mask.Shape;
        int chunks = (shape.Z + SectionsPerChunk - 1) / SectionsPerChunk;
        List<Run>[] found = new List<Run>[chunks];
        Parallel.For(0, chunks, chunk =>
        {
            List<Run> runs = [];
            int z1 = Math.Min(shape.Z, (chunk + 1) * SectionsPerChunk);
            for (int row = chunk * SectionsPerChunk * shape.Y; row < z1 * shape.Y; row++)
            {
                ScanRow(mask.Bits, (long)row * shape.X, shape.X, row, runs);
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

    /// <summary>
    /// Appends the runs of one row, the voxels [first, first + length) of the mask, a word at a time: a word without
    /// foreground (or, inside a run, without background) costs one test.
    /// </summary>
    static void ScanRow(ulong[] bits, long first, int length, int rowIndex, List<Run> runs)
    {
        int runStart = -1;
        long end = first + length;
        for (long word = first >> 6; word << 6 < end; word++)
        {
            // The part of this word inside the row: bits [from, to), at row columns word × 64 + bit − first.
            long wordStart = word << 6;
            int from = (int)Math.Max(0, first - wordStart);
            int to = (int)Math.Min(64, end - wordStart);
            ulong valid = (to == 64 ? ulong.MaxValue : (1UL << to) - 1) & (ulong.MaxValue << from);
            ulong above = bits[word] & valid;
            if ((runStart < 0 && above == 0) || (runStart >= 0 && above == valid))
            {
                continue;
            }

            ulong below = ~above & valid;
            int position = from;
            while (position < to)
            {
                ulong next = (runStart < 0 ? above : below) & (ulong.MaxValue << position);
                if (next == 0)
                {
                    break;
                }

                position = BitOperations.TrailingZeroCount(next);
                int column = (int)(wordStart + position - first);
                if (runStart < 0)
                {
                    runStart = column;
                }
                else
                {
                    runs.Add(new Run(rowIndex, runStart, column));
                    runStart = -1;
                }
            }
        }

        if (runStart >= 0)
        {
            runs.Add(new Run(rowIndex, runStart, length));
        }
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
