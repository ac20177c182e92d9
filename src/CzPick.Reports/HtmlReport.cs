namespace CzPick.Reports;

/// <summary>
/// Writes self-contained HTML reports of picking runs: slices of the tomogram with the picks drawn in their particles'
/// colours (and true positives, false positives and misses marked when there is truth), picks per class, score
/// histograms and the metric. Images are embedded as PNG data URIs; the pages load nothing and read well on a phone.
/// </summary>
public static class HtmlReport
{
    /// <summary>The name of the page that lists the runs when a report covers several.</summary>
    public const string IndexFileName = "index.html";

    /// <summary>Renders the report of one run, reading only the slices it shows.</summary>
    /// <param name="input">The run.</param>
    /// <param name="options">What to show; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The HTML document.</returns>
    /// <exception cref="ReportException">A pick is of a particle the catalog does not know, the summary is of another run, or the orthogonal centre lies outside the volume.</exception>
    /// <exception cref="CzPick.Core.Scoring.ScoringException">The truth cannot be scored (an unknown particle, two references at one position).</exception>
    public static Task<string> RenderRunAsync(RunReportInput input, ReportOptions? options = null, CancellationToken cancellationToken = default) =>
        RunPage.RenderAsync(input, options ?? new ReportOptions(), cancellationToken);

    /// <summary>Renders the page that lists several runs and links to their reports.</summary>
    /// <param name="runs">The runs, in the order to list them.</param>
    /// <param name="hrefOfRun">The link to a run's report, relative to the index page.</param>
    /// <param name="options">What to show; null for the defaults.</param>
    /// <returns>The HTML document.</returns>
    public static string RenderIndex(IReadOnlyList<RunReportInput> runs, Func<string, string> hrefOfRun, ReportOptions? options = null) =>
        IndexPage.Render(runs, hrefOfRun, options ?? new ReportOptions());

    /// <summary>
    /// Writes the reports of runs: to a file when <paramref name="output"/> ends in .html (one run only), otherwise
    /// into that directory as <c>{run}.html</c>, plus <see cref="IndexFileName"/> when there are several runs.
    /// </summary>
    /// <param name="runs">The runs; their names must be distinct.</param>
    /// <param name="output">An .html file or a directory; directories are created when missing.</param>
    /// <param name="options">What to show; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The files written, the index last.</returns>
    /// <exception cref="ReportException">There are no runs, two share a name, several go to one file, a run is named like the index, or a run cannot be reported.</exception>
    public static async Task<IReadOnlyList<string>> WriteAsync(IReadOnlyList<RunReportInput> runs, string output, ReportOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrEmpty(output);
        options ??= new ReportOptions();
        if (runs.Count == 0)
        {
            throw new ReportException("There is no run to report on; expected at least one tomogram.");
        }

        if (runs.GroupBy(r => r.Run, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is IGrouping<string, RunReportInput> twice)
        {
            throw new ReportException($"{twice.Count()} tomograms are of run {twice.Key}; expected one tomogram per run.");
        }

        bool toFile = output.EndsWith(".html", StringComparison.OrdinalIgnoreCase);
        if (toFile && runs.Count > 1)
        {
            throw new ReportException($"{output} is one file, but there are {runs.Count} runs; give a directory to write one report per run and an index.");
        }

        if (runs.Count > 1 && runs.FirstOrDefault(r => FileNameOf(r.Run).Equals(IndexFileName, StringComparison.OrdinalIgnoreCase)) is RunReportInput clash)
        {
            throw new ReportException($"Run {clash.Run}'s report would overwrite the {IndexFileName} that lists the runs; rename the run or report it on its own.");
        }

        string directory = toFile ? Path.GetDirectoryName(Path.GetFullPath(output))! : Path.GetFullPath(output);
        Directory.CreateDirectory(directory);
        List<string> written = [];
        foreach (RunReportInput run in runs)
        {
            string path = toFile ? Path.GetFullPath(output) : Path.Combine(directory, FileNameOf(run.Run));
            await File.WriteAllTextAsync(path, await RenderRunAsync(run, options, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            written.Add(path);
        }

        if (runs.Count > 1)
        {
            string index = Path.Combine(directory, IndexFileName);
            await File.WriteAllTextAsync(index, RenderIndex(runs, run => Uri.EscapeDataString(FileNameOf(run)), options), cancellationToken).ConfigureAwait(false);
            written.Add(index);
        }

        return written;
    }

    /// <summary>Gets the file name of a run's report in a report directory.</summary>
    /// <param name="run">The run name.</param>
    /// <returns>"{run}.html".</returns>
    public static string FileNameOf(string run) => $"{run}.html";
}
