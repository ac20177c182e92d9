namespace CzPick.Core.Scoring;

/// <summary>The competition score of a set of picks against the truth, with its parts.</summary>
/// <param name="Score">Σ weight × F-beta / Σ weight over every particle type of the catalog.</param>
/// <param name="Beta">The β of F-beta (4 in the competition: recall counts 16 times as much as precision).</param>
/// <param name="DistanceMultiplier">A pick matches within this fraction of the particle radius (0.5 in the competition).</param>
/// <param name="Classes">The counts and F-beta per particle type, in catalog (label) order.</param>
/// <param name="Runs">The runs scored: those of the truth, in ordinal order.</param>
/// <param name="IgnoredRuns">Runs that have picks but no truth, in ordinal order; their picks are left out, as the competition leaves them out.</param>
/// <param name="IgnoredPickCount">How many picks those runs hold.</param>
public sealed record ScoreReport(
    double Score,
    double Beta,
    double DistanceMultiplier,
    IReadOnlyList<ClassScore> Classes,
    IReadOnlyList<string> Runs,
    IReadOnlyList<string> IgnoredRuns,
    int IgnoredPickCount);
