using System.Text.RegularExpressions;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;
using CzPick.Core.Volumes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports.Tests;

/// <summary>Opens generated reports in headless Chromium and checks what the browser shows.</summary>
public sealed partial class ChromiumTests : IDisposable
{
    static readonly string[] DumpDom = ["--virtual-time-budget=10000", "--enable-logging=stderr", "--v=0", "--dump-dom"];

    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public async Task DumpDom_ReportWithTruth_RunClassesScoreShownEveryImageDecodedNoConsoleMessage()
    {
        string page = await this.WriteReportAsync();

        ChromiumResult result = await Chromium.RunAsync(page, [.. DumpDom, "--window-size=1280,900"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.ConsoleLines);
        string dom = result.Output;
        Match body = Body().Match(dom);
        Assert.True(body.Success, "the image check set no attributes on <body>");
        Assert.Equal(("6", "6"), (body.Groups["images"].Value, body.Groups["loaded"].Value));
        Assert.Contains("<h1 id=\"run\">TS_5_4</h1>", dom, StringComparison.Ordinal);
        foreach (ParticleType particle in ParticleCatalog.Czii.Particles)
        {
            int picks = TestRuns.Picks.Count(p => p.Particle == particle.Name);
            Assert.Matches($"<tr data-particle=\"{particle.Name}\"><td><span class=\"swatch\"[^>]*></span>{particle.Name}</td>.*?<td class=\"picks\">{picks}</td>", dom);
        }

        ScoreReport score = new CompetitionMetric(ParticleCatalog.Czii).Score(
            new Dictionary<string, IReadOnlyList<Pick>> { ["TS_5_4"] = TestRuns.Truth },
            new Dictionary<string, IReadOnlyList<Pick>> { ["TS_5_4"] = TestRuns.Picks });
        Assert.Contains($"<td id=\"score\">{score.Score:0.0000}</td>", dom, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DumpDom_CorruptImage_CheckCountsItAndLogsIt()
    {
        // The control for the test above: a page whose first image is not a PNG must show up in both checks.
        string page = await this.WriteReportAsync();
        string html = File.ReadAllText(page);
        int start = html.IndexOf("base64,", StringComparison.Ordinal) + "base64,".Length;
        File.WriteAllText(page, string.Concat(html.AsSpan(0, start), "AAAA", html.AsSpan(start + 64)));

        ChromiumResult result = await Chromium.RunAsync(page, [.. DumpDom, "--window-size=1280,900"]);

        Match body = Body().Match(result.Output);
        Assert.Equal(("6", "5"), (body.Groups["images"].Value, body.Groups["loaded"].Value));
        Assert.Contains(result.ConsoleLines, line => line.Contains("image 0 did not decode: xy at z = 24 (240 Å)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DumpDom_InAPhoneSizedFrame_PageNoWiderThanTheScreen()
    {
        // Headless Chromium lays windows out at least 500 pixels wide, so the phone is a 360 × 740 frame.
        string frame = this.PhoneFrame(await this.WriteReportAsync(), 360, 740);

        ChromiumResult result = await Chromium.RunAsync(frame, [.. DumpDom, "--window-size=800,800"]);

        // Wide tables scroll inside their own boxes; the page itself must fit the phone's 360 CSS pixels.
        Match phone = Phone().Match(result.Output);
        Assert.True(phone.Success, "the frame did not report its page's width");
        Assert.Equal("6", phone.Groups["loaded"].Value);
        Assert.InRange(int.Parse(phone.Groups["width"].Value), 1, 360);
        Assert.Empty(result.ConsoleLines);
    }

    [Fact]
    public async Task Screenshot_Desktop_PageRendersAtThatWidth()
    {
        string screenshot = this.directory.File("desktop.png");

        ChromiumResult result = await Chromium.RunAsync(await this.WriteReportAsync(), "--window-size=1280,900", $"--screenshot={screenshot}");

        Assert.Equal(0, result.ExitCode);
        using Image<Rgb24> image = Image.Load<Rgb24>(screenshot);
        Assert.Equal((1280, 900), (image.Width, image.Height));
        AssertTextAndSwatches(image, 1280);
    }

    [Fact]
    public async Task Screenshot_PhoneFrame_PageRendersAtPhoneWidth()
    {
        string frame = this.PhoneFrame(await this.WriteReportAsync(), 390, 844);
        string screenshot = this.directory.File("phone.png");

        ChromiumResult result = await Chromium.RunAsync(frame, "--window-size=500,844", $"--screenshot={screenshot}");

        Assert.Equal(0, result.ExitCode);
        using Image<Rgb24> image = Image.Load<Rgb24>(screenshot);
        AssertTextAndSwatches(image, 390);

        // Nothing is drawn right of the frame.
        Assert.All(Enumerable.Range(0, image.Height), y => Assert.Equal(new Rgb24(255, 255, 255), image[450, y]));
    }

    /// <summary>Checks that a page's top shows dark heading text on white and the counts table's colour swatches, left of a column.</summary>
    static void AssertTextAndSwatches(Image<Rgb24> image, int right)
    {
        int dark = 0;
        int coloured = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < right; x++)
            {
                Rgb24 p = image[x, y];
                dark += p.R + p.G + p.B < 150 ? 1 : 0;
                coloured += Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 80 ? 1 : 0;
            }
        }

        Assert.True(dark > 500, $"{dark} dark pixels: no text rendered?");
        Assert.True(coloured > 50, $"{coloured} coloured pixels: no swatches rendered?");
    }

    /// <summary>Writes a page that shows a report in a frame of a phone's size and copies the report's checks onto its own body.</summary>
    string PhoneFrame(string report, int width, int height)
    {
        string frame = this.directory.File($"phone-{width}.html");
        string source = File.ReadAllText(report).Replace("&", "&amp;", StringComparison.Ordinal).Replace("\"", "&quot;", StringComparison.Ordinal);
        File.WriteAllText(frame, $$"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>phone</title></head>
            <body style="margin:0;background:#fff">
            <iframe style="border:0;display:block;width:{{width}}px;height:{{height}}px" onload="var b=this.contentDocument.body;document.body.setAttribute('data-phone-scroll-width',b.getAttribute('data-scroll-width'));document.body.setAttribute('data-phone-images-loaded',b.getAttribute('data-images-loaded'));" srcdoc="{{source}}"></iframe>
            </body></html>
            """);
        return frame;
    }

    async Task<string> WriteReportAsync()
    {
        using DenseVolume volume = TestRuns.Volume();
        string page = this.directory.File("TS_5_4.html");
        await HtmlReport.WriteAsync([new RunReportInput("TS_5_4", volume, TestRuns.Picks) { Truth = TestRuns.Truth }], page, TestRuns.Light);
        return page;
    }

    [GeneratedRegex("<body [^>]*data-phone-scroll-width=\"(?<width>\\d+)\" data-phone-images-loaded=\"(?<loaded>\\d+)\"")]
    private static partial Regex Phone();

    [GeneratedRegex("<body data-images=\"(?<images>\\d+)\" data-images-loaded=\"(?<loaded>\\d+)\" data-scroll-width=\"(?<width>\\d+)\">")]
    private static partial Regex Body();
}
