using CzPick.Pipeline.Adapters;

namespace CzPick.Pipeline.Tests.Adapters;

public sealed class LeaseRenewalScheduleTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(60_000, 30_000)]
    [InlineData(5_000, 2_500)]
    [InlineData(1_000, 500)]
    public void DelayBeforeRenewal_TimeLeft_HalfOfIt(int leftMilliseconds, int expectedMilliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMilliseconds), LeaseRenewalSchedule.DelayBeforeRenewal(Now.AddMilliseconds(leftMilliseconds), Now));
    }

    [Fact]
    public void DelayBeforeRenewal_AlmostLapsed_MinimumDelay()
    {
        Assert.Equal(LeaseRenewalSchedule.MinimumDelay, LeaseRenewalSchedule.DelayBeforeRenewal(Now.AddMilliseconds(150), Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5_000)]
    public void DelayBeforeRenewal_Lapsed_Immediately(int leftMilliseconds)
    {
        Assert.Equal(TimeSpan.Zero, LeaseRenewalSchedule.DelayBeforeRenewal(Now.AddMilliseconds(leftMilliseconds), Now));
    }
}
