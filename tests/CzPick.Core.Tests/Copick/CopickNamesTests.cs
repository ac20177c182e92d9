using CzPick.Core.Copick;

namespace CzPick.Core.Tests.Copick;

public sealed class CopickNamesTests
{
    [Theory]
    [InlineData("ribosome")]
    [InlineData("virus-like-particle")]
    [InlineData("czpick")]
    [InlineData("0")]
    public void ProblemWithName_CopickName_None(string name)
    {
        Assert.Null(CopickNames.ProblemWithName(name));
    }

    [Theory]
    [InlineData("virus_like", "'_'")]
    [InlineData("my user", "U+0020")]
    [InlineData("a/b", "'/'")]
    [InlineData("a\\b", "'\\'")]
    [InlineData("a:b", "':'")]
    [InlineData("tab\tname", "U+0009")]
    [InlineData("", "is empty")]
    [InlineData("-lead", "starts or ends with '-'")]
    [InlineData("trail-", "starts or ends with '-'")]
    public void ProblemWithName_InvalidName_SaysWhy(string name, string expected)
    {
        string? problem = CopickNames.ProblemWithName(name);

        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TS_5_4")]
    [InlineData("run with spaces")]
    public void ProblemWithRunName_DirectoryName_None(string run)
    {
        Assert.Null(CopickNames.ProblemWithRunName(run));
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    public void ProblemWithRunName_NotADirectoryName_Problem(string run)
    {
        Assert.NotNull(CopickNames.ProblemWithRunName(run));
    }

    [Fact]
    public void ThrowIfInvalidName_Underscore_NamesWhatAndValue()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => CopickNames.ThrowIfInvalidName("my_tool", "user id"));

        Assert.StartsWith("The copick user id 'my_tool' contains '_'", error.Message, StringComparison.Ordinal);
    }
}
