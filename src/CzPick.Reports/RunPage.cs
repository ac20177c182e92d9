using System.Globalization;
using System.Text;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;
using CzPick.Core.Volumes;

namespace CzPick.Reports;

/// <summary>
/// The report of one run: header, picks per class, the metric when there is truth, the legend, three orthogonal
/// slices, a grid of z sections, and score histograms. Only the slices shown are read from the volume.
/// </summary>
static class RunPage
{
    /// <summary>The xy, xz and yz slices come first among the planes of a page.</summary>
    const int OrthogonalCount = 3;

    public static async Task<string> RenderAsync(RunReportInput input, ReportOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckInput(input, options.Catalog);
        VolumeInfo info = input.Volume.Info;

        (IReadOnlyList<SliceMark> marks, ScoreReport? score) = Marks(input, options.Catalog);
        SlicePlane[] planes = [.. OrthogonalPlanes(info, options.OrthogonalCenter), .. GridPlanes(info, options.SliceCount)];
        int longest = Math.Max(info.Shape.Z, Math.Max(info.Shape.Y, info.Shape.X));
        ImageScale orthogonalScale = ImageScale.For(longest, options.MinimumImagePixels, options.MaximumImagePixels);
        ImageScale sectionScale = ImageScale.For(longest, Math.Min(options.MinimumImagePixels, options.MaximumSectionPixels), options.MaximumSectionPixels);
        ImageScale[] scales = [.. planes.Select((_, i) => i < OrthogonalCount ? orthogonalScale : sectionScale)];
        float[][] binned = new float[planes.Length][];
        for (int i = 0; i < planes.Length; i++)
        {
            float[] values = await planes[i].ReadAsync(input.Volume, cancellationToken).ConfigureAwait(false);
            binned[i] = SliceRenderer.Bin(values, planes[i].Width, planes[i].Height, scales[i].Down);
        }

        ContrastWindow window = ContrastWindow.FromPercentiles(binned, options.LowPercentile, options.HighPercentile);
        Figure[] figures = new Figure[planes.Length];
        Parallel.For(0, planes.Length, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            IReadOnlyList<MarkSection> sections = SliceRenderer.Sections(planes[i], scales[i], marks);
            RgbCanvas canvas = SliceRenderer.Render(planes[i], binned[i], window, scales[i], sections);
            figures[i] = new Figure(planes[i], canvas.Width, canvas.Height, Convert.ToBase64String(canvas.EncodePng()), sections.Count);
        });

        StringBuilder html = new();
        Html.Begin(html, $"{input.Run} · CzPick report");
        WriteHeader(html, input, marks.Count(m => m.Style != MarkStyle.Cross && IsOutside(m.Pick, info)));
        if (score is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"headline\">Score <strong>{score.Score:0.0000}</strong> against {input.Truth!.Count} reference particles.</p>\n");
        }

        WriteCounts(html, input, options.Catalog);
        if (score is not null)
        {
            WriteMetric(html, score);
        }

        WriteLegend(html, options.Catalog, input.Truth is not null);
        html.Append("<h2>Orthogonal slices</h2>\n");
        WriteFigures(html, "ortho", figures.Take(OrthogonalCount), orthogonalScale);
        html.Append(CultureInfo.InvariantCulture, $"<h2>{figures.Length - OrthogonalCount} z sections</h2>\n");
        WriteFigures(html, "slices", figures.Skip(OrthogonalCount), sectionScale);
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Grey levels: black at percentile {options.LowPercentile:0.##} of the voxels shown ({window.Low:G4}), white at percentile {options.HighPercentile:0.##} ({window.High:G4}).</p>\n");
        WriteHistograms(html, input, options);
        Html.End(html);
        return html.ToString();
    }

    /// <summary>The three planes through a voxel (the centre by default): xy, xz, yz.</summary>
    public static SlicePlane[] OrthogonalPlanes(VolumeInfo info, Index3? center)
    {
        Index3 at = center ?? new Index3(info.Shape.Z / 2, info.Shape.Y / 2, info.Shape.X / 2);
        if (!Box3.Whole(info.Shape).Contains(at.Z, at.Y, at.X))
        {
            throw new ReportException($"The orthogonal slices' centre {at} (z, y, x) lies outside the {info.Shape} volume of {info.Name}; expected a voxel inside it.");
        }

        return [SlicePlane.Create(SliceAxis.Z, at.Z, info), SlicePlane.Create(SliceAxis.Y, at.Y, info), SlicePlane.Create(SliceAxis.X, at.X, info)];
    }

    /// <summary>Evenly spaced z sections: the middles of <paramref name="count"/> equal bands of the volume's depth (at most one per section).</summary>
    public static SlicePlane[] GridPlanes(VolumeInfo info, int count)
    {
        int n = Math.Min(count, info.Shape.Z);
        return [.. Enumerable.Range(0, n).Select(k => SlicePlane.Create(SliceAxis.Z, (int)(((2L * k) + 1) * info.Shape.Z / (2L * n)), info))];
    }

    /// <summary>
    /// The marks to draw: without truth every pick as a solid circle; with truth matched picks solid, the others
    /// dashed, and missed references as crosses; plus the run's metric.
    /// </summary>
    static (IReadOnlyList<SliceMark> Marks, ScoreReport? Score) Marks(RunReportInput input, ParticleCatalog catalog)
    {
        if (input.Truth is null)
        {
            return ([.. input.Picks.Select(p => new SliceMark(p, catalog[p.Particle], MarkStyle.Solid))], null);
        }

        CompetitionMetric metric = new(catalog);
        RunMatch match = metric.MatchRun(input.Run, input.Truth, input.Picks);
        ScoreReport score = metric.Score(
            new Dictionary<string, IReadOnlyList<Pick>> { [input.Run] = input.Truth },
            new Dictionary<string, IReadOnlyList<Pick>> { [input.Run] = input.Picks });
        SliceMark[] marks =
        [
            .. match.Picks.Select(p => new SliceMark(p.Pick, catalog[p.Pick.Particle], p.IsMatched ? MarkStyle.Solid : MarkStyle.Dashed)),
            .. match.References.Where(r => !r.IsMatched).Select(r => new SliceMark(r.Pick, catalog[r.Pick.Particle], MarkStyle.Cross)),
        ];
        return (marks, score);
    }

    static void CheckInput(RunReportInput input, ParticleCatalog catalog)
    {
        string? unknown = input.Picks.Select(p => p.Particle).FirstOrDefault(name => !catalog.TryGet(name, out _));
        if (unknown is not null)
        {
            throw new ReportException(
                $"The picks of run {input.Run} hold a '{unknown}' particle, which the catalog does not know; expected one of: {string.Join(", ", catalog.Particles.Select(p => p.Name))} (a copick config can name others).");
        }

        if (input.Summary is RunSummary summary && summary.Run != input.Run)
        {
            throw new ReportException($"The summary given for run {input.Run} is of run {summary.Run}; expected the summary.json of the same run.");
        }
    }

    /// <summary>Whether a pick's centre lies outside the volume (more than half a voxel beyond the outer voxel centres).</summary>
    static bool IsOutside(Pick pick, VolumeInfo info)
    {
        static bool Outside(double angstrom, double voxel, int extent) => !(angstrom / voxel >= -0.5 && angstrom / voxel <= extent - 0.5);
        return Outside(pick.XAngstrom, info.VoxelSize.X, info.Shape.X) || Outside(pick.YAngstrom, info.VoxelSize.Y, info.Shape.Y) || Outside(pick.ZAngstrom, info.VoxelSize.Z, info.Shape.Z);
    }

    static void WriteHeader(StringBuilder html, RunReportInput input, int outside)
    {
        VolumeInfo info = input.Volume.Info;
        html.Append(CultureInfo.InvariantCulture, $"<h1 id=\"run\">{Html.Encode(input.Run)}</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{info.Shape.Z} × {info.Shape.Y} × {info.Shape.X} voxels (z, y, x) · voxel size {Html.Encode(info.VoxelSize.ToString())} · {Html.Encode(info.Format)} {Html.Encode(info.ElementType)} · {input.Picks.Count} picks");
        html.Append("</p>\n");
        if (input.Summary is RunSummary summary)
        {
            string members = summary.Model.Members.Count > 0 ? $" ({string.Join(", ", summary.Model.Members)})" : "";
            string total = summary.TimingsSeconds.TryGetValue("total", out double seconds) ? FormattableString.Invariant($" in {seconds:0.#} s") : "";
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\" id=\"summary\">Picked with model {Html.Encode(summary.Model.Name)}{Html.Encode(members)} by CzPick {Html.Encode(summary.CzPickVersion)} on {summary.Created.UtcDateTime:yyyy-MM-dd HH:mm} UTC{total}.</p>\n");
        }

        if (outside > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{outside} picks lie outside the volume; check that the picks are in Å and of this tomogram.</p>\n");
        }
    }

    static void WriteCounts(StringBuilder html, RunReportInput input, ParticleCatalog catalog)
    {
        Dictionary<string, List<Pick>> byParticle = input.Picks.GroupBy(p => p.Particle, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        bool truth = input.Truth is not null;
        html.Append("<h2>Picks per class</h2>\n<div class=\"scroll\"><table id=\"counts\">\n<thead><tr><th>particle</th><th>radius (Å)</th><th>picks</th><th>mean score</th>");
        html.Append(truth ? "<th>references</th></tr></thead>\n<tbody>\n" : "</tr></thead>\n<tbody>\n");
        foreach (ParticleType particle in catalog.Particles)
        {
            List<Pick> picks = byParticle.GetValueOrDefault(particle.Name) ?? [];
            string mean = picks.Count > 0 ? Html.Number(picks.Average(p => p.Score), "0.000") : "–";
            html.Append(CultureInfo.InvariantCulture, $"<tr data-particle=\"{Html.Encode(particle.Name)}\"><td>{Html.Swatch(particle.ColorHex)}{Html.Encode(particle.Name)}</td><td>{particle.RadiusAngstrom:0.#}</td><td class=\"picks\">{picks.Count}</td><td>{mean}</td>");
            html.Append(truth ? $"<td class=\"references\">{input.Truth!.Count(p => p.Particle == particle.Name)}</td></tr>\n" : "</tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</tbody>\n<tfoot><tr><th>all</th><td></td><td class=\"picks\">{input.Picks.Count}</td><td></td>");
        html.Append(truth ? $"<td class=\"references\">{input.Truth!.Count}</td></tr></tfoot>\n</table></div>\n" : "</tr></tfoot>\n</table></div>\n");
    }

    /// <summary>Writes the metric table; shared with the index page, which shows it over every run.</summary>
    public static void WriteMetric(StringBuilder html, ScoreReport score, string heading = "Metric")
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>{Html.Encode(heading)}</h2>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">A pick matches a reference of its class within {score.DistanceMultiplier:0.##} × the particle radius; F-beta with β = {score.Beta:0.##}; the score weighs each class's F-beta.</p>\n");
        html.Append("<div class=\"scroll\"><table id=\"metric\">\n<thead><tr><th>particle</th><th>weight</th><th>TP</th><th>FP</th><th>FN</th><th>precision</th><th>recall</th><th>F-beta</th></tr></thead>\n<tbody>\n");
        foreach (ClassScore c in score.Classes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-particle=\"{Html.Encode(c.Particle)}\"><td>{Html.Encode(c.Particle)}</td><td>{c.Weight:0.##}</td><td class=\"tp\">{c.TruePositives}</td><td class=\"fp\">{c.FalsePositives}</td><td class=\"fn\">{c.FalseNegatives}</td><td>{c.Precision:0.000}</td><td>{c.Recall:0.000}</td><td>{c.FBeta:0.000}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"</tbody>\n<tfoot><tr><th colspan=\"7\">score</th><td id=\"score\">{score.Score:0.0000}</td></tr></tfoot>\n</table></div>\n");
    }

    static void WriteLegend(StringBuilder html, ParticleCatalog catalog, bool truth)
    {
        html.Append("<h2>Legend</h2>\n<div class=\"legend\">");
        foreach (ParticleType particle in catalog.Particles)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span>{Html.Swatch(particle.ColorHex)}{Html.Encode(particle.Name)}</span>");
        }

        html.Append("</div>\n<div class=\"legend\">");
        const string Circle = "<circle cx=\"9\" cy=\"9\" r=\"7\" fill=\"none\" stroke=\"#333\" stroke-width=\"2\"";
        if (truth)
        {
            html.Append($"<span><svg width=\"18\" height=\"18\" aria-hidden=\"true\">{Circle}/></svg>true positive</span>");
            html.Append($"<span><svg width=\"18\" height=\"18\" aria-hidden=\"true\">{Circle} stroke-dasharray=\"4 3\"/></svg>false positive</span>");
            html.Append("<span><svg width=\"18\" height=\"18\" aria-hidden=\"true\"><path d=\"M4 4L14 14M14 4L4 14\" stroke=\"#333\" stroke-width=\"2\"/></svg>missed reference</span>");
        }
        else
        {
            html.Append($"<span><svg width=\"18\" height=\"18\" aria-hidden=\"true\">{Circle}/></svg>pick</span>");
        }

        html.Append("</div>\n<p class=\"meta\">Each particle is drawn where its sphere (of the class radius) cuts the slice.</p>\n");
    }

    static void WriteFigures(StringBuilder html, string layout, IEnumerable<Figure> figures, ImageScale scale)
    {
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"{layout}\">\n");
        foreach (Figure figure in figures)
        {
            string label = figure.Plane.Label;
            html.Append(CultureInfo.InvariantCulture, $"<figure><img src=\"data:image/png;base64,{figure.PngBase64}\" width=\"{figure.Width}\" height=\"{figure.Height}\" alt=\"{Html.Encode(label)}\">");
            html.Append(CultureInfo.InvariantCulture, $"<figcaption>{Html.Encode(label)} · {figure.MarkCount} {(figure.MarkCount == 1 ? "particle" : "particles")} cut</figcaption></figure>\n");
        }

        html.Append("</div>\n");
        if (scale.Down > 1)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">Each pixel averages {scale.Down} × {scale.Down} voxels.</p>\n");
        }
    }

    static void WriteHistograms(StringBuilder html, RunReportInput input, ReportOptions options)
    {
        html.Append("<h2>Score histograms</h2>\n<div class=\"histograms\">\n");
        foreach (ParticleType particle in options.Catalog.Particles)
        {
            float[] scores = [.. input.Picks.Where(p => p.Particle == particle.Name).Select(p => p.Score)];
            html.Append("<figure>");
            html.Append(scores.Length > 0
                ? ScoreHistogram.Svg(scores, options.HistogramBins, particle.ColorHex, $"{particle.Name}: scores of {scores.Length} picks")
                : "<p class=\"meta\">no picks</p>");
            html.Append(CultureInfo.InvariantCulture, $"<figcaption>{Html.Swatch(particle.ColorHex)}{Html.Encode(particle.Name)} · {scores.Length} picks</figcaption></figure>\n");
        }

        html.Append("</div>\n");
    }

    /// <summary>One rendered slice.</summary>
    readonly record struct Figure(SlicePlane Plane, int Width, int Height, string PngBase64, int MarkCount);
}
