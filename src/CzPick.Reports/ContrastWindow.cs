namespace CzPick.Reports;

/// <summary>The range of voxel values shown from black to white; values outside it are clipped.</summary>
/// <param name="Low">The value shown black.</param>
/// <param name="High">The value shown white.</param>
readonly record struct ContrastWindow(float Low, float High)
{
    /// <summary>At most this many values are sorted; larger samples are thinned evenly, which moves a percentile by a negligible amount.</summary>
    const int MaxSortedValues = 1 << 20;

    /// <summary>
    /// Stretches between two percentiles of the given values (linear interpolation between order statistics, as
    /// numpy's default). Values that are not finite are ignored.
    /// </summary>
    /// <param name="samples">The voxels of the slices to show.</param>
    /// <param name="lowPercentile">The percentile shown black, 0–100.</param>
    /// <param name="highPercentile">The percentile shown white, above <paramref name="lowPercentile"/>.</param>
    /// <returns>The window; Low equals High when the values are constant, and both are 0 when none is finite.</returns>
    public static ContrastWindow FromPercentiles(IReadOnlyList<float[]> samples, double lowPercentile, double highPercentile)
    {
        long total = samples.Sum(s => (long)s.Length);
        int stride = (int)Math.Max(1, (total + MaxSortedValues - 1) / MaxSortedValues);
        List<float> values = new((int)Math.Min(total, MaxSortedValues));
        long position = 0;
        foreach (float[] sample in samples)
        {
            // The stride runs on across samples, so each slice contributes in proportion to its size.
            for (long i = (stride - (position % stride)) % stride; i < sample.Length; i += stride)
            {
                if (float.IsFinite(sample[i]))
                {
                    values.Add(sample[i]);
                }
            }

            position += sample.Length;
        }

        if (values.Count == 0)
        {
            return new ContrastWindow(0, 0);
        }

        values.Sort();
        return new ContrastWindow(Percentile(values, lowPercentile), Percentile(values, highPercentile));
    }

    /// <summary>Maps a value to a grey level: Low and below to 0, High and above to 255, not-finite values to 0.</summary>
    /// <param name="value">The voxel value.</param>
    /// <returns>The grey level; 128 everywhere when the window is empty (a constant volume).</returns>
    public byte ToGray(float value)
    {
        if (!float.IsFinite(value))
        {
            return 0;
        }

        if (this.High <= this.Low)
        {
            return 128;
        }

        float level = (value - this.Low) / (this.High - this.Low) * 255f;
        return (byte)Math.Clamp(MathF.Round(level), 0, 255);
    }

    static float Percentile(List<float> sorted, double percent)
    {
        double rank = Math.Clamp(percent, 0, 100) / 100 * (sorted.Count - 1);
        int below = (int)Math.Floor(rank);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return (float)(sorted[below] + ((rank - below) * (sorted[above] - sorted[below])));
    }
}
