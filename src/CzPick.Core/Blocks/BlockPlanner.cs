using CzPick.Core.Geometry;

namespace CzPick.Core.Blocks;

/// <summary>
/// Cuts a volume into blocks: cores tile the volume exactly once; each input is its core plus the halo, clipped at
/// the volume's faces, then grown with real voxels to at least the sliding window. Deterministic: the same volume
/// and options always give the same plan.
/// </summary>
/// <remarks>
/// Why grow inputs to the window: the network sees whole windows anyway, so an input smaller than the window would
/// be padded with mirrored voxels (MONAI's reflect padding) that cost the same to predict as real ones and are worse
/// context: predictions near a mirror plane are less reliable. Reading the real neighbours instead costs a little
/// I/O and memory and no extra prediction, and near the volume's faces it makes a block's windows coincide with the
/// windows a whole-volume run would place there.
/// </remarks>
public static class BlockPlanner
{
    /// <summary>Plans the blocks of a volume.</summary>
    /// <param name="volume">The volume's extent.</param>
    /// <param name="options">The cutting rule, halo and minimum input.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentException">The volume is empty or the options are invalid.</exception>
    public static BlockPlan Plan(Shape3 volume, BlockPlanOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!volume.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(volume), $"A volume to plan must be positive on every axis, not {volume}.");
        }

        Shape3 counts = options switch
        {
            { CoreShape: Shape3 core } => new Shape3(CeilDiv(volume.Z, core.Z), CeilDiv(volume.Y, core.Y), CeilDiv(volume.X, core.X)),
            { BlockCount: int count } => CountsForBlockCount(volume, count),
            { MaxInputVoxels: long limit } => CountsForInputLimit(volume, options, limit),
            _ => new Shape3(1, 1, 1),
        };
        return Build(volume, Clamp(counts, volume), options);
    }

    static BlockPlan Build(Shape3 volume, Shape3 counts, BlockPlanOptions options)
    {
        (int Start, int End, int InputStart, int InputEnd)[] z = Axis(volume.Z, counts.Z, options.Halo.Z, options.MinimumInput.Z);
        (int Start, int End, int InputStart, int InputEnd)[] y = Axis(volume.Y, counts.Y, options.Halo.Y, options.MinimumInput.Y);
        (int Start, int End, int InputStart, int InputEnd)[] x = Axis(volume.X, counts.X, options.Halo.X, options.MinimumInput.X);
        List<Block> blocks = new(z.Length * y.Length * x.Length);
        foreach ((int Start, int End, int InputStart, int InputEnd) bz in z)
        {
            foreach ((int Start, int End, int InputStart, int InputEnd) by in y)
            {
                foreach ((int Start, int End, int InputStart, int InputEnd) bx in x)
                {
                    Box3 core = Box3.FromBounds(new Index3(bz.Start, by.Start, bx.Start), new Index3(bz.End, by.End, bx.End));
                    Box3 input = Box3.FromBounds(new Index3(bz.InputStart, by.InputStart, bx.InputStart), new Index3(bz.InputEnd, by.InputEnd, bx.InputEnd));
                    blocks.Add(new Block(blocks.Count, core, input));
                }
            }
        }

        return new BlockPlan(volume, counts, blocks);
    }

    /// <summary>Cuts one axis into near-equal cores and gives each its input range.</summary>
    static (int Start, int End, int InputStart, int InputEnd)[] Axis(int extent, int count, int halo, int minimumInput)
    {
        int least = Math.Min(minimumInput, extent);
        (int, int, int, int)[] ranges = new (int, int, int, int)[count];
        for (int i = 0; i < count; i++)
        {
            int start = (int)((long)i * extent / count);
            int end = (int)((long)(i + 1) * extent / count);
            int inputStart = Math.Max(0, start - halo);
            int inputEnd = Math.Min(extent, end + halo);
            int missing = least - (inputEnd - inputStart);
            if (missing > 0)
            {
                inputStart -= missing / 2;
                inputEnd += missing - (missing / 2);
                int shift = inputStart < 0 ? -inputStart : inputEnd > extent ? extent - inputEnd : 0;
                inputStart += shift;
                inputEnd += shift;
            }

            ranges[i] = (start, end, inputStart, inputEnd);
        }

        return ranges;
    }

    /// <summary>Cuts the axis with the longest cores (z first on ties: whole rows keep ranged reads long) until enough blocks.</summary>
    static Shape3 CountsForBlockCount(Shape3 volume, int count)
    {
        Shape3 counts = new(1, 1, 1);
        while (counts.VoxelCount < count)
        {
            double z = counts.Z < volume.Z ? (double)volume.Z / counts.Z : 0;
            double y = counts.Y < volume.Y ? (double)volume.Y / counts.Y : 0;
            double x = counts.X < volume.X ? (double)volume.X / counts.X : 0;
            if (z == 0 && y == 0 && x == 0)
            {
                break;
            }

            counts = z >= y && z >= x ? counts with { Z = counts.Z + 1 } : y >= x ? counts with { Y = counts.Y + 1 } : counts with { X = counts.X + 1 };
        }

        return counts;
    }

    /// <summary>Cuts, each time along the axis that shrinks the largest input most, until it fits or stops shrinking.</summary>
    static Shape3 CountsForInputLimit(Shape3 volume, BlockPlanOptions options, long limit)
    {
        Shape3 counts = new(1, 1, 1);
        long largest = LargestInput(volume, counts, options);
        while (largest > limit)
        {
            Shape3 best = counts;
            long bestLargest = largest;
            foreach (Shape3 candidate in new[] { counts with { Z = counts.Z + 1 }, counts with { Y = counts.Y + 1 }, counts with { X = counts.X + 1 } })
            {
                if (candidate.Z > volume.Z || candidate.Y > volume.Y || candidate.X > volume.X)
                {
                    continue;
                }

                long candidateLargest = LargestInput(volume, candidate, options);
                if (candidateLargest < bestLargest)
                {
                    (best, bestLargest) = (candidate, candidateLargest);
                }
            }

            if (best == counts)
            {
                break;
            }

            (counts, largest) = (best, bestLargest);
        }

        return counts;
    }

    static long LargestInput(Shape3 volume, Shape3 counts, BlockPlanOptions options) =>
        (long)LargestRange(volume.Z, counts.Z, options.Halo.Z, options.MinimumInput.Z) *
        LargestRange(volume.Y, counts.Y, options.Halo.Y, options.MinimumInput.Y) *
        LargestRange(volume.X, counts.X, options.Halo.X, options.MinimumInput.X);

    static int LargestRange(int extent, int count, int halo, int minimumInput) =>
        Axis(extent, count, halo, minimumInput).Max(r => r.InputEnd - r.InputStart);

    static Shape3 Clamp(Shape3 counts, Shape3 volume) =>
        new(Math.Clamp(counts.Z, 1, volume.Z), Math.Clamp(counts.Y, 1, volume.Y), Math.Clamp(counts.X, 1, volume.X));

    static int CeilDiv(int a, int b) => (int)(((long)a + b - 1) / b);
}
