using System.Text.RegularExpressions;

namespace CzPick.Reports.Tests;

/// <summary>A structural check of generated HTML: one doctype, html/head/body in order, and every element closed in order.</summary>
static partial class HtmlStructure
{
    static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal) { "meta", "img", "br", "hr", "input", "link", "source", "wbr" };

    public static void AssertBalanced(string html)
    {
        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.EndsWith("</body>\n</html>\n", html, StringComparison.Ordinal);

        // Script and style bodies are text, not markup.
        string markup = RawText().Replace(html, "<$1></$1>");
        Stack<string> open = new();
        foreach (Match tag in Tag().Matches(markup))
        {
            string name = tag.Groups["name"].Value.ToLowerInvariant();
            bool closing = tag.Groups["close"].Success;
            bool selfClosing = tag.Groups["self"].Success;
            if (VoidElements.Contains(name) || selfClosing)
            {
                Assert.False(closing, $"</{name}> closes a void element");
                continue;
            }

            if (!closing)
            {
                open.Push(name);
                continue;
            }

            Assert.True(open.Count > 0, $"</{name}> closes nothing");
            string expected = open.Pop();
            Assert.True(expected == name, $"</{name}> closes <{expected}>");
        }

        Assert.Empty(open);
    }

    [GeneratedRegex("<(script|style)>.*?</\\1>", RegexOptions.Singleline)]
    private static partial Regex RawText();

    [GeneratedRegex("<(?<close>/)?(?<name>[a-zA-Z][a-zA-Z0-9]*)\\b[^>]*?(?<self>/)?>")]
    private static partial Regex Tag();
}
