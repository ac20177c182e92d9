using CzPick.Core.Blending;
using CzPick.Core.Geometry;

namespace CzPick.Core.Tests.Blending;

public sealed class WindowPlannerTests
{
    [Fact]
    public void Plan_SeedTomogram_EightWindowsAtMonaiPositions()
    {
        // 184×630×630 with 160×384×384 and overlap 0.25: steps int(160 × 0.75) = 120 and int(384 × 0.75) = 288.
        // z: 0, then 120 moved back to 184 − 160 = 24; y and x: 0, then 288 moved back to 630 − 384 = 246.
        WindowPlan plan = WindowPlanner.Plan(new Shape3(184, 630, 630), new Shape3(160, 384, 384), 0.25);

        Index3[] expected =
        [
            new(0, 0, 0), new(0, 0, 246), new(0, 246, 0), new(0, 246, 246),
            new(24, 0, 0), new(24, 0, 246), new(24, 246, 0), new(24, 246, 246),
        ];
        Assert.Equal(expected, plan.Starts);
        Assert.Equal(new Shape3(184, 630, 630), plan.Padded);
        Assert.Equal(Index3.Zero, plan.PadBefore);
    }

    [Fact]
    public void Plan_ThreeWindowsOnAnAxis_LastMovedBackToTheEdge()
    {
        // 100 with 64 and overlap 0.5: step 32; 0 + 64 < 100, 32 + 64 < 100, 64 + 64 ≥ 100 → three windows, the
        // last at min(64, 100 − 64) = 36.
        WindowPlan plan = WindowPlanner.Plan(new Shape3(64, 64, 100), new Shape3(64, 64, 64), 0.5);

        Assert.Equal([0, 32, 36], plan.Starts.Select(s => s.X));
        Assert.All(plan.Starts, s => Assert.Equal((0, 0), (s.Z, s.Y)));
    }

    [Fact]
    public void Plan_InputSmallerThanWindow_PaddedSymmetricallyOneWindow()
    {
        // MONAI pads diff // 2 before and the rest after: 64 − 61 = 3 → 1 before, 2 after; 64 − 50 = 14 → 7 and 7.
        WindowPlan plan = WindowPlanner.Plan(new Shape3(61, 50, 64), new Shape3(64, 64, 64), 0.25);

        Assert.Equal(new Shape3(64, 64, 64), plan.Padded);
        Assert.Equal(new Index3(1, 7, 0), plan.PadBefore);
        Assert.Equal([Index3.Zero], plan.Starts);
    }

    [Fact]
    public void Plan_ZeroOverlap_WindowsAbut()
    {
        WindowPlan plan = WindowPlanner.Plan(new Shape3(8, 8, 24), new Shape3(8, 8, 8), 0);

        Assert.Equal([0, 8, 16], plan.Starts.Select(s => s.X));
    }

    [Fact]
    public void Plan_TinyStep_AtLeastOne()
    {
        // int(4 × (1 − 0.9)) = 0, which MONAI raises to 1.
        WindowPlan plan = WindowPlanner.Plan(new Shape3(4, 4, 7), new Shape3(4, 4, 4), 0.9);

        Assert.Equal([0, 1, 2, 3], plan.Starts.Select(s => s.X));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Plan_OverlapOutOfRange_Throws(double overlap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WindowPlanner.Plan(new Shape3(8, 8, 8), new Shape3(4, 4, 4), overlap));
    }
}
