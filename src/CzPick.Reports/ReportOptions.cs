using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Reports;

/// <summary>What a report shows and how.</summary>
public sealed class ReportOptions
{
    /// <summary>Gets the particles: names, radii and colours to draw, weights for the metric.</summary>
    public ParticleCatalog Catalog { get; init; } = ParticleCatalog.Czii;

    /// <summary>Gets the number of evenly spaced z sections in the grid (at most the volume's depth). Default 9.</summary>
    public int SliceCount { get; init; } = 9;

    /// <summary>Gets the voxel the three orthogonal slices pass through; null for the volume's centre.</summary>
    public Index3? OrthogonalCenter { get; init; }

    /// <summary>Gets the percentile of the shown voxels drawn black, 0–100. Default 1.</summary>
    public double LowPercentile { get; init; } = 1;

    /// <summary>Gets the percentile of the shown voxels drawn white, 0–100. Default 99.</summary>
    public double HighPercentile { get; init; } = 99;

    /// <summary>Gets the size below which a slice's longest side is enlarged by a whole factor, in pixels. Default 480.</summary>
    public int MinimumImagePixels { get; init; } = 480;

    /// <summary>Gets the size above which an orthogonal slice's longest side is binned by a whole factor, in pixels. Default 1024.</summary>
    public int MaximumImagePixels { get; init; } = 1024;

    /// <summary>
    /// Gets the size above which a section of the grid is binned by a whole factor, in pixels. Default 512: grid cells
    /// show at about 300–400 pixels wide, and binning keeps the page light (a 630-voxel section becomes 315 pixels).
    /// </summary>
    public int MaximumSectionPixels { get; init; } = 512;

    /// <summary>Gets the number of bins of each score histogram. Default 20.</summary>
    public int HistogramBins { get; init; } = 20;

    /// <summary>Throws when an option is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range; the message names it.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(this.Catalog);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.SliceCount);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.MinimumImagePixels);
        ArgumentOutOfRangeException.ThrowIfLessThan(this.MaximumImagePixels, this.MinimumImagePixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.MaximumSectionPixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.HistogramBins);
        if (!(this.LowPercentile >= 0 && this.LowPercentile < this.HighPercentile && this.HighPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(
                nameof(this.LowPercentile),
                $"The contrast percentiles are {this.LowPercentile} and {this.HighPercentile}; expected 0 ≤ low < high ≤ 100.");
        }
    }
}
