namespace CzPick.Core.Copick;

/// <summary>
/// A copick project config or picks file that cannot be read: its message names the file and the problem, and says
/// what was expected, so the CLI can print it as one line.
/// </summary>
public sealed class CopickFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CopickFormatException"/> class.</summary>
    /// <param name="source">The file or blob that could not be read.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public CopickFormatException(string source, string problem, Exception? innerException = null)
        : base($"{source}: {problem}", innerException)
    {
        this.SourceName = source;
        this.Problem = problem;
    }

    /// <summary>Gets the file or blob that could not be read.</summary>
    public string SourceName { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string Problem { get; }
}
