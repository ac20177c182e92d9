namespace CzPick.Core.Scoring;

/// <summary>
/// Truth or picks that cannot be scored as the competition scores them: a particle type the catalog does not know,
/// two reference particles at one position. The message says which run and type, so the CLI can print it as one line.
/// </summary>
/// <param name="message">What is wrong and what was expected.</param>
public sealed class ScoringException(string message) : Exception(message);
