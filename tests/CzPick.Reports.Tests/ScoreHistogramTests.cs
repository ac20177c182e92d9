namespace CzPick.Reports.Tests;

public sealed class ScoreHistogramTests
{
    [Fact]
    public void Count_ScoresZeroToOne_EqualBinsLastOneClosed()
    {
        // Bins of 0.25 over [0, 1]: 0 and 0.2 in the first, 0.25 in the second, 0.99 and 1 in the last.
        (int[] counts, double low, double high) = ScoreHistogram.Count([0f, 0.2f, 0.25f, 0.99f, 1f, float.NaN], 4);

        Assert.Equal([2, 1, 0, 2], counts);
        Assert.Equal((0.0, 1.0), (low, high));
    }

    [Fact]
    public void Count_ScoresBeyondOne_RangeWidened()
    {
        (int[] counts, double low, double high) = ScoreHistogram.Count([-1f, 3f], 2);

        Assert.Equal([1, 1], counts);
        Assert.Equal((-1.0, 3.0), (low, high));
    }

    [Fact]
    public void Svg_ThreeScores_OneBarPerFilledBinTallestFull()
    {
        string svg = ScoreHistogram.Svg([0.1f, 0.15f, 0.9f], 10, "#0075dc", "ribosome & co: 3 picks");

        // Two bars: 2 picks (full height, 58) and 1 pick (half height, 29); the title is escaped.
        Assert.Equal(2, svg.Split("<rect ").Length - 1);
        Assert.Contains("height=\"58\" fill=\"#0075dc\"><title>2</title>", svg, StringComparison.Ordinal);
        Assert.Contains("height=\"29\" fill=\"#0075dc\"><title>1</title>", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"ribosome &amp; co: 3 picks\"", svg, StringComparison.Ordinal);
    }
}
