namespace CzPick.Pipeline.Contracts;

/// <summary>Where a finished run's picks are, as blob references.</summary>
/// <param name="CopickFiles">One copick picks file per particle type, under <c>picks/ExperimentRuns/{run}/Picks/</c>.</param>
/// <param name="Csv">The competition CSV, <c>picks/{run}/picks.csv</c>.</param>
/// <param name="Summary">The summary, <c>picks/{run}/summary.json</c>.</param>
/// <param name="PickCount">The number of picks after removing duplicates along block seams.</param>
/// <param name="Report">The HTML report, <c>picks/{run}/report.html</c>; null when reports are turned off.</param>
public sealed record RunOutputs(IReadOnlyList<string> CopickFiles, string Csv, string Summary, int PickCount, string? Report = null);
