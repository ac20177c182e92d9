using CzPick.Core.Picking;

namespace CzPick.Core.Scoring;

/// <summary>The outcome of every pick and every reference particle of one run, as the metric matched them.</summary>
/// <param name="Run">The run name.</param>
/// <param name="Picks">The picks, in the order given; matched ones are the run's true positives.</param>
/// <param name="References">The reference particles, in the order given; unmatched ones are the run's misses.</param>
public sealed record RunMatch(string Run, IReadOnlyList<MatchedPick> Picks, IReadOnlyList<MatchedPick> References);

/// <summary>A pick or a reference particle with the metric's verdict.</summary>
/// <param name="Pick">The pick or reference.</param>
/// <param name="IsMatched">
/// For a pick: it was the first to hit at least one reference (a true positive). For a reference: at least one pick
/// hit it.
/// </param>
public readonly record struct MatchedPick(Pick Pick, bool IsMatched);
