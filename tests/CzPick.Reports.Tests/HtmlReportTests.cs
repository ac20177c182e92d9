using System.Text.RegularExpressions;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;
using CzPick.Core.Volumes;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports.Tests;

public sealed partial class HtmlReportTests
{
    [Fact]
    public async Task RenderRunAsync_WithTruth_SelfContained()
    {
        using DenseVolume volume = TestRuns.Volume();

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, TestRuns.Picks) { Truth = TestRuns.Truth }, TestRuns.Light);

        Assert.DoesNotContain("http:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("url(", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">", html, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'; img-src data:", html, StringComparison.Ordinal);
        Assert.All(ResourceAttribute().Matches(html), m => Assert.StartsWith("data:image/png;base64,", m.Groups["value"].Value, StringComparison.Ordinal));
        Assert.Empty(LinkAttribute().Matches(html));
        HtmlStructure.AssertBalanced(html);
    }

    [Fact]
    public async Task RenderRunAsync_Images_DecodeToTheirDeclaredSizes()
    {
        using DenseVolume volume = TestRuns.Volume();

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, TestRuns.Picks), new ReportOptions { SliceCount = 4 });

        // 3 orthogonal slices and 4 sections of a 48 × 96 × 96 volume, enlarged 5× (480 / 96) to reach 480 pixels.
        Match[] images = [.. ImageElement().Matches(html).AsEnumerable()];
        Assert.Equal(7, images.Length);
        (int Width, int Height)[] expected = [(480, 480), (480, 240), (480, 240), (480, 480), (480, 480), (480, 480), (480, 480)];
        for (int i = 0; i < images.Length; i++)
        {
            using Image<Rgb24> image = Image.Load<Rgb24>(Convert.FromBase64String(images[i].Groups["png"].Value));
            Assert.Equal(expected[i], (image.Width, image.Height));
            Assert.Equal(expected[i], (int.Parse(images[i].Groups["width"].Value), int.Parse(images[i].Groups["height"].Value)));
        }
    }

    [Fact]
    public async Task RenderRunAsync_Sections_EvenlySpacedBandMiddles()
    {
        using DenseVolume volume = TestRuns.Volume();

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, []), new ReportOptions { SliceCount = 4 });

        // 48 sections in 4 bands of 12: middles 6, 18, 30, 42; the orthogonal slices pass through (24, 48, 48).
        string[] labels = [.. ImageElement().Matches(html).Select(m => m.Groups["alt"].Value)];
        Assert.Equal(
            ["xy at z = 24 (240 Å)", "xz at y = 48 (480 Å)", "yz at x = 48 (480 Å)", "xy at z = 6 (60 Å)", "xy at z = 18 (180 Å)", "xy at z = 30 (300 Å)", "xy at z = 42 (420 Å)"],
            labels);
    }

    [Fact]
    public async Task RenderRunAsync_AnyVolume_ReadsOnlyTheSlicesShown()
    {
        using RecordingVolume volume = new(TestRuns.Volume());

        await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, TestRuns.Picks), new ReportOptions { SliceCount = 5, MinimumImagePixels = 96 });

        Assert.Equal(3 + 5, volume.Reads.Count);
        Assert.All(volume.Reads, region => Assert.Equal(1, Math.Min(region.Size.Z, Math.Min(region.Size.Y, region.Size.X))));
    }

    [Fact]
    public async Task RenderRunAsync_Counts_OneRowPerClassWithItsPicks()
    {
        using DenseVolume volume = TestRuns.Volume();

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, TestRuns.Picks) { Truth = TestRuns.Truth }, TestRuns.Light);

        foreach (ParticleType particle in ParticleCatalog.Czii.Particles)
        {
            int picks = TestRuns.Picks.Count(p => p.Particle == particle.Name);
            int references = TestRuns.Truth.Count(p => p.Particle == particle.Name);
            Assert.Contains($"<tr data-particle=\"{particle.Name}\"><td><span class=\"swatch\" style=\"background:{particle.ColorHex}\"></span>{particle.Name}</td>", html, StringComparison.Ordinal);
            Assert.Matches($"<tr data-particle=\"{particle.Name}\">.*?<td class=\"picks\">{picks}</td>.*?<td class=\"references\">{references}</td></tr>", html);
        }

        Assert.Contains("<h1 id=\"run\">TS_5_4</h1>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderRunAsync_WithTruth_MetricTableAsTheScorerCounts()
    {
        using DenseVolume volume = TestRuns.Volume();

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, TestRuns.Picks) { Truth = TestRuns.Truth }, TestRuns.Light);

        // By hand: apo-ferritin TP 1 (one reference hit twice), FP 1, FN 1; ribosome TP 1, FP 1; thyroglobulin
        // misses by 100 Å > 65 Å, so TP 0, FP 1, FN 1; the others TP 1.
        Assert.Matches("<tr data-particle=\"apo-ferritin\"><td>apo-ferritin</td><td>1</td><td class=\"tp\">1</td><td class=\"fp\">1</td><td class=\"fn\">1</td>", html);
        Assert.Matches("<tr data-particle=\"ribosome\"><td>ribosome</td><td>1</td><td class=\"tp\">1</td><td class=\"fp\">1</td><td class=\"fn\">0</td>", html);
        Assert.Matches("<tr data-particle=\"thyroglobulin\"><td>thyroglobulin</td><td>2</td><td class=\"tp\">0</td><td class=\"fp\">1</td><td class=\"fn\">1</td>", html);

        // F4: apo-ferritin P = R = 1/2 → 0.5; ribosome P = 1/2, R = 1 → 17·0.5 / (8 + 1) = 0.9444; β-galactosidase
        // and VLP 1; thyroglobulin 0. Score = (0.5 + 2·1 + 0.9444 + 2·0 + 1) / 7.
        double expected = (0.5 + 2 + (8.5 / 9) + 0 + 1) / 7;
        Assert.Contains($"<td id=\"score\">{expected:0.0000}</td>", html, StringComparison.Ordinal);
        Assert.Contains("true positive", html, StringComparison.Ordinal);
        Assert.Contains("missed reference", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderRunAsync_WithTruth_EachOutcomeDrawnInItsStyle()
    {
        // Three apo-ferritins (radius 60 Å) 100 Å apart in z, so each of the three sections cuts one: a missed
        // reference at z 50 Å, a true positive at 150 Å, a stray pick at 250 Å.
        using DenseVolume volume = TestVolumes.Tomogram("TS_1", new Shape3(30, 64, 64), 10, []);
        Pick reference = new("apo-ferritin", 320, 320, 150, 1);
        Pick missed = new("apo-ferritin", 320, 320, 50, 1);
        Pick stray = new("apo-ferritin", 320, 320, 250, 0.5f);
        RunReportInput input = new("TS_1", volume, [reference with { Score = 0.9f }, stray]) { Truth = [reference, missed] };

        string html = await HtmlReport.RenderRunAsync(input, new ReportOptions { SliceCount = 3, MinimumImagePixels = 256 });

        // Bands of 10 sections: middles 5, 15, 25. Enlarged 4×: the centre (voxel 32) at pixel 130, a radius of 6 voxels 24 pixels.
        Rgb24 color = SliceRenderer.ColorOf(ParticleCatalog.Czii["apo-ferritin"].Color);
        RgbCanvas[] sections = [.. ImageElement().Matches(html).Skip(3).Select(m => Decode(m.Groups["png"].Value))];
        Rgb24[] missRing = TestImages.Ring(sections[0], 130, 130, 24, 0.5);
        Rgb24[] hitRing = TestImages.Ring(sections[1], 130, 130, 24, 0.5);
        Rgb24[] strayRing = TestImages.Ring(sections[2], 130, 130, 24, 0.5);
        Assert.Equal(0, TestImages.CountColoured(missRing));
        Assert.Equal(color, sections[0][130, 130]);
        Assert.All(hitRing, p => Assert.Equal(color, p));
        Assert.InRange((double)strayRing.Count(p => p == color) / strayRing.Length, 0.3, 0.7);
        Assert.NotEqual(color, sections[1][130, 130]);
    }

    [Fact]
    public async Task RenderRunAsync_PickOfUnknownParticle_Refused()
    {
        using DenseVolume volume = TestRuns.Volume();

        ReportException error = await Assert.ThrowsAsync<ReportException>(
            () => HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, [new Pick("proteasome", 1, 2, 3, 1)])));

        Assert.StartsWith("The picks of run TS_5_4 hold a 'proteasome' particle, which the catalog does not know; expected one of: apo-ferritin,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderRunAsync_SummaryOfAnotherRun_Refused()
    {
        using DenseVolume volume = TestRuns.Volume();
        RunSummary summary = Summary("TS_6_4");

        ReportException error = await Assert.ThrowsAsync<ReportException>(
            () => HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, []) { Summary = summary }));

        Assert.Equal("The summary given for run TS_5_4 is of run TS_6_4; expected the summary.json of the same run.", error.Message);
    }

    [Fact]
    public async Task RenderRunAsync_Summary_ModelVersionAndTimeShown()
    {
        using DenseVolume volume = TestRuns.Volume();

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, []) { Summary = Summary("TS_5_4") }, TestRuns.Light);

        Assert.Contains("Picked with model sample (tiny.onnx, medium.onnx) by CzPick 0.1.0 on 2026-11-25 10:30 UTC in 12.3 s.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RenderRunAsync_OrthogonalCentreOutside_Refused()
    {
        using DenseVolume volume = TestRuns.Volume();

        ReportException error = await Assert.ThrowsAsync<ReportException>(
            () => HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, []), new ReportOptions { OrthogonalCenter = new Index3(48, 0, 0) }));

        Assert.Equal("The orthogonal slices' centre (48, 0, 0) (z, y, x) lies outside the 48×96×96 volume of TS_5_4; expected a voxel inside it.", error.Message);
    }

    [Fact]
    public async Task RenderRunAsync_PicksOutsideTheVolume_Noted()
    {
        using DenseVolume volume = TestRuns.Volume();
        Pick[] picks = [new("ribosome", 100, 100, 100, 1), new("ribosome", 100, 100, 480, 1), new("ribosome", -6, 100, 100, 1)];

        string html = await HtmlReport.RenderRunAsync(new RunReportInput("TS_5_4", volume, picks), TestRuns.Light);

        // z 480 Å is voxel 48, past the last centre (47) by more than half a voxel; x −6 Å is −0.6 voxel.
        Assert.Contains("<p class=\"note\">2 picks lie outside the volume;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_TwoRunsToADirectory_ReportsAndIndex()
    {
        using TempDirectory temp = new();
        using DenseVolume first = TestRuns.Volume("TS_5_4");
        using DenseVolume second = TestRuns.Volume("TS_6_4");
        RunReportInput[] runs =
        [
            new("TS_5_4", first, TestRuns.Picks) { Truth = TestRuns.Truth },
            new("TS_6_4", second, TestRuns.Truth) { Truth = TestRuns.Truth },
        ];

        IReadOnlyList<string> written = await HtmlReport.WriteAsync(runs, temp.File("report"), TestRuns.Light);

        Assert.Equal([temp.File("report", "TS_5_4.html"), temp.File("report", "TS_6_4.html"), temp.File("report", "index.html")], written);
        string index = File.ReadAllText(written[2]);
        HtmlStructure.AssertBalanced(index);
        Assert.Contains("<a href=\"TS_5_4.html\">TS_5_4</a>", index, StringComparison.Ordinal);
        Assert.Contains("<a href=\"TS_6_4.html\">TS_6_4</a>", index, StringComparison.Ordinal);

        // The overall metric sums counts over both runs, as the competition does.
        ScoreReport overall = new CompetitionMetric(ParticleCatalog.Czii).Score(
            new Dictionary<string, IReadOnlyList<Pick>> { ["TS_5_4"] = TestRuns.Truth, ["TS_6_4"] = TestRuns.Truth },
            new Dictionary<string, IReadOnlyList<Pick>> { ["TS_5_4"] = TestRuns.Picks, ["TS_6_4"] = TestRuns.Truth });
        Assert.Contains($"<td id=\"score\">{overall.Score:0.0000}</td>", index, StringComparison.Ordinal);
        Assert.Contains("<tr data-run=\"TS_6_4\">", index, StringComparison.Ordinal);
        Assert.Contains("<td class=\"score\">1.0000</td>", index, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_OneRunToAFile_OnlyThatFile()
    {
        using TempDirectory temp = new();
        using DenseVolume volume = TestRuns.Volume();

        IReadOnlyList<string> written = await HtmlReport.WriteAsync([new RunReportInput("TS_5_4", volume, TestRuns.Picks)], temp.File("out", "report.html"), TestRuns.Light);

        Assert.Equal([temp.File("out", "report.html")], written);
        Assert.Equal(["report.html"], Directory.GetFiles(temp.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task WriteAsync_TwoRunsToOneFile_Refused()
    {
        using TempDirectory temp = new();
        using DenseVolume volume = TestRuns.Volume();
        RunReportInput[] runs = [new("TS_5_4", volume, []), new("TS_6_4", volume, [])];

        ReportException error = await Assert.ThrowsAsync<ReportException>(() => HtmlReport.WriteAsync(runs, temp.File("report.html")));

        Assert.EndsWith("report.html is one file, but there are 2 runs; give a directory to write one report per run and an index.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteAsync_TwoVolumesOfOneRun_Refused()
    {
        using TempDirectory temp = new();
        using DenseVolume volume = TestRuns.Volume();
        RunReportInput[] runs = [new("TS_5_4", volume, []), new("TS_5_4", volume, [])];

        ReportException error = await Assert.ThrowsAsync<ReportException>(() => HtmlReport.WriteAsync(runs, temp.Path));

        Assert.Equal("2 tomograms are of run TS_5_4; expected one tomogram per run.", error.Message);
    }

    [Fact]
    public async Task WriteAsync_RunNamedIndexAmongSeveral_Refused()
    {
        using TempDirectory temp = new();
        using DenseVolume volume = TestRuns.Volume();
        RunReportInput[] runs = [new("index", volume, []), new("TS_5_4", volume, [])];

        ReportException error = await Assert.ThrowsAsync<ReportException>(() => HtmlReport.WriteAsync(runs, temp.Path));

        Assert.StartsWith("Run index's report would overwrite the index.html", error.Message, StringComparison.Ordinal);
    }

    static RunSummary Summary(string run) => new(
        run,
        new DateTimeOffset(2026, 11, 25, 11, 30, 0, TimeSpan.FromHours(1)),
        "0.1.0",
        new RunSummaryInput($"tomograms/{run}.mrc", TestRuns.Shape, VoxelSizeAngstrom.Isotropic(TestRuns.VoxelSize)),
        new RunSummaryModel("sample", ["tiny.onnx", "medium.onnx"]),
        new Dictionary<string, int>(),
        new Dictionary<string, double> { ["predict"] = 10, ["total"] = 12.34 });

    static RgbCanvas Decode(string pngBase64)
    {
        using Image<Rgb24> image = Image.Load<Rgb24>(Convert.FromBase64String(pngBase64));
        RgbCanvas canvas = new(image.Width, image.Height);
        image.CopyPixelDataTo(canvas.Pixels);
        return canvas;
    }

    [GeneratedRegex("<img src=\"data:image/png;base64,(?<png>[A-Za-z0-9+/=]+)\" width=\"(?<width>\\d+)\" height=\"(?<height>\\d+)\" alt=\"(?<alt>[^\"]*)\">")]
    private static partial Regex ImageElement();

    [GeneratedRegex("\\ssrc=\"(?<value>[^\"]*)\"")]
    private static partial Regex ResourceAttribute();

    [GeneratedRegex("<link\\b|<iframe\\b|<object\\b|<embed\\b|@import", RegexOptions.IgnoreCase)]
    private static partial Regex LinkAttribute();
}
