namespace CzPick.Inference.Torch;

/// <summary>
/// A PyTorch file that cannot be read: not a torch.save archive, truncated or corrupt, or holding something other
/// than tensors and plain containers. Its message names the file and the problem and says what was expected.
/// </summary>
public sealed class TorchFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TorchFormatException"/> class.</summary>
    /// <param name="source">The file that could not be read.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public TorchFormatException(string source, string problem, Exception? innerException = null)
        : base($"{source}: {problem}", innerException)
    {
        this.SourceName = source;
        this.Problem = problem;
    }

    /// <summary>Gets the file that could not be read.</summary>
    public string SourceName { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string Problem { get; }
}
