using CzPick.Core.Geometry;

namespace CzPick.Core.Blending;

/// <summary>
/// Places sliding windows exactly as MONAI's <c>sliding_window_inference</c> does (<c>_get_scan_interval</c> and
/// <c>dense_patch_slices</c>): a step of int(window × (1 − overlap)), or the window itself where it equals the padded
/// extent; the last window moved back to end at the edge; inputs smaller than the window padded symmetrically.
/// </summary>
public static class WindowPlanner
{
    /// <summary>Plans the windows over one input.</summary>
    /// <param name="input">The input's extent.</param>
    /// <param name="window">The window's extent.</param>
    /// <param name="overlap">The overlap fraction, 0 ≤ overlap &lt; 1.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An extent is not positive, or the overlap is out of range.</exception>
    public static WindowPlan Plan(Shape3 input, Shape3 window, double overlap)
    {
        if (!input.IsPositive || !window.IsPositive)
        {
            throw new ArgumentOutOfRangeException(nameof(input), $"Input {input} and window {window} must be positive on every axis.");
        }

        if (!(overlap >= 0 && overlap < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(overlap), $"The overlap must be in [0, 1), not {overlap}.");
        }

        (int padBeforeZ, int paddedZ, int[] startsZ) = PlanAxis(input.Z, window.Z, overlap);
        (int padBeforeY, int paddedY, int[] startsY) = PlanAxis(input.Y, window.Y, overlap);
        (int padBeforeX, int paddedX, int[] startsX) = PlanAxis(input.X, window.X, overlap);
        List<Index3> starts = new(startsZ.Length * startsY.Length * startsX.Length);
        foreach (int z in startsZ)
        {
            foreach (int y in startsY)
            {
                foreach (int x in startsX)
                {
                    starts.Add(new Index3(z, y, x));
                }
            }
        }

        return new WindowPlan(input, window, new Shape3(paddedZ, paddedY, paddedX), new Index3(padBeforeZ, padBeforeY, padBeforeX), starts);
    }

    static (int PadBefore, int Padded, int[] Starts) PlanAxis(int extent, int window, double overlap)
    {
        int padded = Math.Max(extent, window);
        int padBefore = (padded - extent) / 2;
        int interval = window == padded ? window : Math.Max(1, (int)(window * (1 - overlap)));

        // MONAI takes the first d with d × interval + window ≥ padded, so there are d + 1 windows.
        int count = 1;
        while ((long)(count - 1) * interval + window < padded)
        {
            count++;
        }

        int[] starts = new int[count];
        for (int i = 0; i < count; i++)
        {
            starts[i] = Math.Min(i * interval, padded - window);
        }

        return (padBefore, padded, starts);
    }
}
