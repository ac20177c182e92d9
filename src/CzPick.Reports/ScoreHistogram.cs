using System.Globalization;
using System.Text;

namespace CzPick.Reports;

/// <summary>A histogram of pick scores as an inline SVG: bars in the particle's colour over the range 0–1 (wider when a score lies outside).</summary>
static class ScoreHistogram
{
    const double Width = 240;
    const double Height = 90;
    const double PlotTop = 14;
    const double PlotBottom = 72;

    /// <summary>Counts scores into equal bins over [min(0, lowest), max(1, highest)]; the highest score falls in the last bin.</summary>
    /// <param name="scores">The scores; values that are not finite are left out.</param>
    /// <param name="bins">The number of bins.</param>
    /// <returns>The count per bin and the range binned.</returns>
    public static (int[] Counts, double Low, double High) Count(IEnumerable<float> scores, int bins)
    {
        float[] finite = [.. scores.Where(float.IsFinite)];
        double low = Math.Min(0, finite.Length > 0 ? finite.Min() : 0);
        double high = Math.Max(1, finite.Length > 0 ? finite.Max() : 1);
        int[] counts = new int[bins];
        foreach (float score in finite)
        {
            counts[Math.Min(bins - 1, (int)((score - low) / (high - low) * bins))]++;
        }

        return (counts, low, high);
    }

    /// <summary>Draws the histogram.</summary>
    /// <param name="scores">The scores of one particle type's picks.</param>
    /// <param name="bins">The number of bins.</param>
    /// <param name="colorHex">The bars' colour, e.g. "#0075dc".</param>
    /// <param name="title">What the histogram shows, for screen readers and tooltips.</param>
    /// <returns>An &lt;svg&gt; element.</returns>
    public static string Svg(IEnumerable<float> scores, int bins, string colorHex, string title)
    {
        (int[] counts, double low, double high) = Count(scores, bins);
        int tallest = Math.Max(1, counts.Max());
        double barWidth = Width / bins;
        StringBuilder svg = new();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"histogram\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Html.Encode(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<title>{Html.Encode(title)}</title>");
        for (int i = 0; i < bins; i++)
        {
            if (counts[i] == 0)
            {
                continue;
            }

            double height = (PlotBottom - PlotTop) * counts[i] / tallest;
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{i * barWidth:0.##}\" y=\"{PlotBottom - height:0.##}\" width=\"{Math.Max(1, barWidth - 1):0.##}\" height=\"{height:0.##}\" fill=\"{colorHex}\"><title>{counts[i]}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"0\" y1=\"{PlotBottom}\" x2=\"{Width}\" y2=\"{PlotBottom}\" stroke=\"currentColor\" stroke-width=\"1\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"{Height - 4}\" font-size=\"11\" fill=\"currentColor\">{low:0.##}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width}\" y=\"{Height - 4}\" font-size=\"11\" fill=\"currentColor\" text-anchor=\"end\">{high:0.##}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"0\" y=\"10\" font-size=\"11\" fill=\"currentColor\">{counts.Max()} per bin at most</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
