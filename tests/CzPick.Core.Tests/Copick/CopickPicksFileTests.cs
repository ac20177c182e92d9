using CzPick.Core.Copick;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Copick;

public sealed class CopickPicksFileTests
{
    [Fact]
    public void FromPicks_Picks_IdentityUntrustedNumberedPoints()
    {
        Pick[] picks = [new("ribosome", 5274.9, 5288.1, 619.8, 0.93f), new("ribosome", 1, 2, 3, 0.5f)];

        CopickPicksFile file = CopickPicksFile.FromPicks("TS_6_4", "ribosome", "czpick", "0", 10.012, picks);

        Assert.Equal("ribosome", file.PickableObjectName);
        Assert.Equal("TS_6_4", file.RunName);
        Assert.Equal(10.012, file.VoxelSpacing);
        Assert.False(file.TrustOrientation);
        Assert.Equal([0, 1], file.Points.Select(p => p.InstanceId));
        Assert.All(file.Points, p => Assert.True(p.Transformation.IsIdentity));
        Assert.Equal(0.93, file.Points[0].Score);
        Assert.Equal(picks, file.ToPicks());
    }

    [Fact]
    public void RelativePath_Picks_CopickLayout()
    {
        CopickPicksFile file = CopickPicksFile.FromPicks("TS_6_4", "virus-like-particle", "czpick", "0", 10.012, []);

        Assert.Equal("ExperimentRuns/TS_6_4/Picks/czpick_0_virus-like-particle.json", file.RelativePath);
    }

    [Theory]
    [InlineData("virus_like", "czpick", "0", "object name 'virus_like'")]
    [InlineData("ribosome", "cz_pick", "0", "user id 'cz_pick'")]
    [InlineData("ribosome", "czpick", "run_1", "session id 'run_1'")]
    [InlineData("ribosome", "../czpick", "0", "user id '../czpick'")]
    public void FromPicks_NameBreakingFileScheme_Refused(string objectName, string user, string session, string expected)
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => CopickPicksFile.FromPicks("TS_6_4", objectName, user, session, 10, []));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPicks_RunWithSeparator_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => CopickPicksFile.FromPicks("../TS_6_4", "ribosome", "czpick", "0", 10, []));

        Assert.Contains("run name '../TS_6_4' contains '/'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromPicks_PickOfAnotherObject_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => CopickPicksFile.FromPicks("TS_6_4", "ribosome", "czpick", "0", 10, [new Pick("apo-ferritin", 0, 0, 0, 1)]));

        Assert.StartsWith("A 'apo-ferritin' pick cannot go into the 'ribosome' picks file.", error.Message, StringComparison.Ordinal);
    }
}
