namespace CzPick.Inference.Ensemble;

/// <summary>
/// An ensemble manifest (<c>ensemble.json</c>) that cannot be used: malformed JSON, a missing member file, a bad
/// weight, an unknown class or TTA pass, a window the passes cannot use. Its message names the file and the problem
/// and says what was expected.
/// </summary>
public sealed class EnsembleFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="EnsembleFormatException"/> class.</summary>
    /// <param name="source">The manifest file.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public EnsembleFormatException(string source, string problem, Exception? innerException = null)
        : base($"{source}: {problem}", innerException)
    {
        this.SourceName = source;
        this.Problem = problem;
    }

    /// <summary>Gets the manifest file.</summary>
    public string SourceName { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string Problem { get; }
}
