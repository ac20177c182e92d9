using System.Text;

namespace CzPick.Reports.Tests;

public sealed class HtmlTests
{
    [Fact]
    public void Encode_MarkupCharacters_EscapedOthersKept()
    {
        Assert.Equal("a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39; 10 Å × 2", Html.Encode("a <b> & \"c\" 'd' 10 Å × 2"));
    }

    [Fact]
    public void BeginEnd_AnyTitle_SelfContainedFrameWithTheImageCheck()
    {
        StringBuilder html = new();

        Html.Begin(html, "<run>");
        Html.End(html);

        string page = html.ToString();
        HtmlStructure.AssertBalanced(page);
        Assert.Contains("<title>&lt;run&gt;</title>", page, StringComparison.Ordinal);
        Assert.Contains("data-images-loaded", page, StringComparison.Ordinal);
    }
}
