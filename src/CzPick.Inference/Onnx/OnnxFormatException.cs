namespace CzPick.Inference.Onnx;

/// <summary>
/// An ONNX model that cannot be used: not a model, corrupt, or using something CzPick cannot carry (another
/// operator set, external weights, subgraphs). Its message names the file and the problem and says what was
/// expected.
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="OnnxFormatException"/> class.</summary>
    /// <param name="source">The model file.</param>
    /// <param name="problem">What is wrong with it.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public OnnxFormatException(string source, string problem, Exception? innerException = null)
        : base($"{source}: {problem}", innerException)
    {
        this.SourceName = source;
        this.Problem = problem;
    }

    /// <summary>Gets the model file.</summary>
    public string SourceName { get; }

    /// <summary>Gets what is wrong with it.</summary>
    public string Problem { get; }
}
