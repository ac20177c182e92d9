using CzPick.Pipeline.Runs;

namespace CzPick.Pipeline.Tests.Runs;

public sealed class InstanceIdsTests
{
    [Fact]
    public void For_SameNameAndETag_SameId()
    {
        Assert.Equal(InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\""), InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\""));
    }

    [Fact]
    public void For_NewETag_NewId()
    {
        Assert.NotEqual(InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\""), InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x2\""));
    }

    [Fact]
    public void For_Any_RunThenSixteenHexDigitsOfSha256()
    {
        // SHA-256 of "TS_5_4.mrc\n\"0x1\"" computed independently: printf 'TS_5_4.mrc\n"0x1"' | sha256sum.
        string expectedHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("TS_5_4.mrc\n\"0x1\""u8.ToArray()))[..16];

        Assert.Equal($"TS_5_4-{expectedHash}", InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\""));
    }

    [Fact]
    public void For_UnsafeCharactersAndLongName_ReplacedAndCut()
    {
        string id = InstanceIds.For("run #1/a?" + new string('x', 100), "n", "e");

        Assert.StartsWith("run__1_a_xxx", id, StringComparison.Ordinal);
        Assert.Equal(64 + 1 + 16, id.Length);
        Assert.True(InstanceIds.BelongsTo(id, "run #1/a?" + new string('x', 100)));
    }

    [Theory]
    [InlineData("TS_5_4-0123456789abcdef", "TS_5_4", true)]
    [InlineData("TS_5_4-0123456789abcdef", "TS_5", false)]
    [InlineData("TS_5-4-0123456789abcdef", "TS_5", false)]
    [InlineData("TS_5_4-0123456789ABCDEF", "TS_5_4", false)]
    [InlineData("TS_5_4-test", "TS_5_4", false)]
    public void BelongsTo_Id_OnlyItsOwnRun(string instance, string run, bool expected)
    {
        Assert.Equal(expected, InstanceIds.BelongsTo(instance, run));
    }
}
