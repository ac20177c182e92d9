namespace CzPick.Reports;

/// <summary>
/// Input that cannot be reported on: picks of a particle the catalog does not know, a summary of another run, two
/// runs with one name. The message says what is wrong and what was expected, so the CLI can print it as one line.
/// </summary>
/// <param name="message">What is wrong and what was expected.</param>
public sealed class ReportException(string message) : Exception(message);
