using CzPick.Core.Outputs;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Reports;

/// <summary>What a report shows for one run: the tomogram, its picks and, optionally, the truth and the run's summary.</summary>
/// <param name="Run">The run name, e.g. "TS_5_4".</param>
/// <param name="Volume">The tomogram; only the slices shown are read from it. The caller keeps ownership.</param>
/// <param name="Picks">The run's picks, in Å.</param>
public sealed record RunReportInput(string Run, IVolumeSource Volume, IReadOnlyList<Pick> Picks)
{
    /// <summary>Gets the run's reference particles; when set, picks are marked as true or false positives, misses are drawn, and the metric is shown.</summary>
    public IReadOnlyList<Pick>? Truth { get; init; }

    /// <summary>Gets the run's summary.json, for the model, version and timings; it must be of the same run.</summary>
    public RunSummary? Summary { get; init; }
}
