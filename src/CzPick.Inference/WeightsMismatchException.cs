namespace CzPick.Inference;

/// <summary>
/// Weights that do not fit where they are going: a state dict whose keys or shapes differ from an architecture, or
/// soup members that differ from each other. Its message names the file, each key and both shapes.
/// </summary>
public sealed class WeightsMismatchException : Exception
{
    /// <summary>The most problems the message lists; <see cref="Problems"/> has them all.</summary>
    public const int ProblemsInMessage = 6;

    /// <summary>Initializes a new instance of the <see cref="WeightsMismatchException"/> class.</summary>
    /// <param name="source">The file whose weights do not fit.</param>
    /// <param name="expectation">What they were checked against, e.g. <c>UNet 'tiny'</c>.</param>
    /// <param name="problems">Every problem found, one line each.</param>
    public WeightsMismatchException(string source, string expectation, IReadOnlyList<string> problems)
        : base(FormatMessage(source, expectation, problems))
    {
        this.SourceName = source;
        this.Problems = problems;
    }

    /// <summary>Gets the file whose weights do not fit.</summary>
    public string SourceName { get; }

    /// <summary>Gets every problem found.</summary>
    public IReadOnlyList<string> Problems { get; }

    static string FormatMessage(string source, string expectation, IReadOnlyList<string> problems)
    {
        string listed = string.Join("; ", problems.Take(ProblemsInMessage));
        string more = problems.Count > ProblemsInMessage ? $"; and {problems.Count - ProblemsInMessage} more" : string.Empty;
        return $"{source}: does not fit {expectation}: {listed}{more}";
    }
}
