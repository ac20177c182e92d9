namespace CzPick.Reports.Tests;

public sealed class ContrastWindowTests
{
    [Fact]
    public void FromPercentiles_ZeroToHundredInTwoSamples_InterpolatedPercentiles()
    {
        // 0…100 split over two slices; numpy.percentile([0..100], [1, 99]) = [1, 99], and 2.5 % of 100 gaps = 2.5.
        float[] first = [.. Enumerable.Range(0, 50).Select(i => (float)i)];
        float[] second = [.. Enumerable.Range(50, 51).Select(i => (float)i)];

        Assert.Equal(new ContrastWindow(1, 99), ContrastWindow.FromPercentiles([second, first], 1, 99));
        Assert.Equal(new ContrastWindow(2.5f, 97.5f), ContrastWindow.FromPercentiles([first, second], 2.5, 97.5));
    }

    [Fact]
    public void FromPercentiles_NotFiniteValues_Ignored()
    {
        float[] values = [float.NaN, 0, float.PositiveInfinity, 10, float.NegativeInfinity];

        Assert.Equal(new ContrastWindow(0, 10), ContrastWindow.FromPercentiles([values], 0, 100));
    }

    [Fact]
    public void FromPercentiles_MoreValuesThanSorted_ThinnedEvenlyCloseToExact()
    {
        // 3 million values 0…1 (a ramp): the 10th and 90th percentiles are 0.1 and 0.9 whichever evenly spaced subset is sorted.
        float[] ramp = [.. Enumerable.Range(0, 3_000_000).Select(i => i / 3_000_000f)];

        ContrastWindow window = ContrastWindow.FromPercentiles([ramp], 10, 90);

        Assert.Equal(0.1, window.Low, 1e-5);
        Assert.Equal(0.9, window.High, 1e-5);
    }

    [Theory]
    [InlineData(-5f, 0)]
    [InlineData(0f, 0)]
    [InlineData(5f, 128)]
    [InlineData(10f, 255)]
    [InlineData(99f, 255)]
    [InlineData(float.NaN, 0)]
    public void ToGray_WindowZeroToTen_LinearAndClipped(float value, byte expected)
    {
        Assert.Equal(expected, new ContrastWindow(0, 10).ToGray(value));
    }

    [Fact]
    public void ToGray_ConstantVolume_MidGray()
    {
        ContrastWindow window = ContrastWindow.FromPercentiles([[3f, 3f, 3f]], 1, 99);

        Assert.Equal((byte)128, window.ToGray(3));
    }
}
