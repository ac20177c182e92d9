using System.Globalization;
using System.Text;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;
using CzPick.Core.Volumes;

namespace CzPick.Reports;

/// <summary>
/// The page that lists several runs: one row per run with its picks per class (and its score when it has truth),
/// linking to the run's own report, then the metric over every run with truth (counts summed over runs, as the
/// competition scores).
/// </summary>
static class IndexPage
{
    public static string Render(IReadOnlyList<RunReportInput> runs, Func<string, string> hrefOfRun, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(hrefOfRun);
        ArgumentNullException.ThrowIfNull(options);
        ParticleCatalog catalog = options.Catalog;
        RunReportInput[] scored = [.. runs.Where(r => r.Truth is not null)];
        CompetitionMetric? metric = scored.Length > 0 ? new CompetitionMetric(catalog) : null;

        StringBuilder html = new();
        Html.Begin(html, $"{runs.Count} runs · CzPick report");
        html.Append(CultureInfo.InvariantCulture, $"<h1 id=\"run\">{runs.Count} runs</h1>\n");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">{runs.Sum(r => r.Picks.Count)} picks{(scored.Length > 0 ? $"; {scored.Length} runs with truth" : "")}. Open a run for its slices.</p>\n");
        html.Append("<h2>Runs</h2>\n<div class=\"scroll\"><table id=\"runs\">\n<thead><tr><th>run</th><th>shape (z, y, x)</th><th>voxel size</th>");
        foreach (ParticleType particle in catalog.Particles)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th title=\"{Html.Encode(particle.Name)}\">{Html.Swatch(particle.ColorHex)}{Html.Encode(particle.Name)}</th>");
        }

        html.Append(metric is null ? "<th>picks</th></tr></thead>\n<tbody>\n" : "<th>picks</th><th>score</th></tr></thead>\n<tbody>\n");
        foreach (RunReportInput run in runs)
        {
            VolumeInfo info = run.Volume.Info;
            html.Append(CultureInfo.InvariantCulture, $"<tr data-run=\"{Html.Encode(run.Run)}\"><td><a href=\"{Html.Encode(hrefOfRun(run.Run))}\">{Html.Encode(run.Run)}</a></td><td>{info.Shape.Z} × {info.Shape.Y} × {info.Shape.X}</td><td>{Html.Encode(info.VoxelSize.ToString())}</td>");
            foreach (ParticleType particle in catalog.Particles)
            {
                html.Append(CultureInfo.InvariantCulture, $"<td>{run.Picks.Count(p => p.Particle == particle.Name)}</td>");
            }

            html.Append(CultureInfo.InvariantCulture, $"<td class=\"picks\">{run.Picks.Count}</td>");
            if (metric is not null)
            {
                string score = run.Truth is null ? "–" : Html.Number(metric.Score(Single(run.Run, run.Truth), Single(run.Run, run.Picks)).Score, "0.0000");
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"score\">{score}</td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</tbody>\n</table></div>\n");
        if (metric is not null)
        {
            ScoreReport overall = metric.Score(
                scored.ToDictionary(r => r.Run, r => r.Truth!, StringComparer.Ordinal),
                scored.ToDictionary(r => r.Run, r => r.Picks, StringComparer.Ordinal));
            RunPage.WriteMetric(html, overall, $"Metric over {scored.Length} runs");
        }

        Html.End(html);
        return html.ToString();
    }

    static Dictionary<string, IReadOnlyList<Pick>> Single(string run, IReadOnlyList<Pick> picks) => new(StringComparer.Ordinal) { [run] = picks };
}
