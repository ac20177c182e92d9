namespace CzPick.Reports.Tests;

public sealed class ReportOptionsTests
{
    [Fact]
    public void Validate_Defaults_Accepted()
    {
        new ReportOptions().Validate();
    }

    [Theory]
    [InlineData(0, 1, 99)]
    [InlineData(9, 50, 50)]
    [InlineData(9, -1, 99)]
    [InlineData(9, 1, 101)]
    public void Validate_OutOfRange_Refused(int slices, double low, double high)
    {
        ReportOptions options = new() { SliceCount = slices, LowPercentile = low, HighPercentile = high };

        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }
}
