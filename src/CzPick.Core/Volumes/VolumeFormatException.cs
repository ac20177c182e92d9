namespace CzPick.Core.Volumes;

/// <summary>
/// A volume file or store that cannot be read: its message names the source and the problem, and says what was
/// expected, so the CLI can print it as one line.
/// </summary>
public class VolumeFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="VolumeFormatException"/> class.</summary>
    /// <param name="source">The file, blob or store that could not be read.</param>
    /// <param name="problem">What is wrong with it.</param>
    public VolumeFormatException(string source, string problem)
        : base($"{source}: {problem}")
    {
        this.SourceName = source;
        this.Problem = problem;
    }

    /// <summary>Initializes a new instance of the <see cref="VolumeFormatException"/> class.</summary>
    /// <param name="source">The file, blob or store that could not be read.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The error that revealed the problem.</param>
    public VolumeFormatException(string source, string problem, Exception innerException)
        : base($"{source}: {problem}", innerException)
    {
        this.SourceName = source;
        this.Problem = problem;
    }

    /// <summary>Gets the file, blob or store that could not be read.</summary>
    public string SourceName { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string Problem { get; }
}
