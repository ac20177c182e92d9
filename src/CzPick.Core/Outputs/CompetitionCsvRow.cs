using CzPick.Core.Picking;

namespace CzPick.Core.Outputs;

/// <summary>One row of a competition CSV.</summary>
/// <param name="Id">The row id, unique over the file.</param>
/// <param name="Experiment">The run, e.g. "TS_5_4".</param>
/// <param name="Pick">The particle type and centre in Å; the CSV carries no score, so a read pick scores 1.</param>
public sealed record CompetitionCsvRow(long Id, string Experiment, Pick Pick);
