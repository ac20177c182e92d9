namespace CzPick.Core.Outputs;

/// <summary>
/// A competition CSV that cannot be read: its message names the file, the line and the problem, and says what was
/// expected, so the CLI can print it as one line.
/// </summary>
public sealed class CompetitionCsvFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CompetitionCsvFormatException"/> class.</summary>
    /// <param name="source">The file or blob that could not be read.</param>
    /// <param name="line">The 1-based line of the problem (the header is line 1); 0 for the file as a whole.</param>
    /// <param name="problem">What is wrong.</param>
    public CompetitionCsvFormatException(string source, int line, string problem)
        : base(line > 0 ? $"{source}: line {line}: {problem}" : $"{source}: {problem}")
    {
        this.SourceName = source;
        this.Line = line;
        this.Problem = problem;
    }

    /// <summary>Gets the file or blob that could not be read.</summary>
    public string SourceName { get; }

    /// <summary>Gets the 1-based line of the problem; 0 for the file as a whole.</summary>
    public int Line { get; }

    /// <summary>Gets what is wrong.</summary>
    public string Problem { get; }
}
