namespace CzPick.Inference.Runtime;

/// <summary>
/// A GPU execution provider asked for by name (cuda, tensorrt) that cannot be loaded, usually because the CUDA
/// libraries it links against are not installed. Its message names the provider and the missing library.
/// </summary>
public sealed class ExecutionProviderException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ExecutionProviderException"/> class.</summary>
    /// <param name="device">The device asked for.</param>
    /// <param name="message">What failed and how to fix it.</param>
    /// <param name="innerException">ONNX Runtime's error.</param>
    public ExecutionProviderException(ExecutionDevice device, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        this.Device = device;
    }

    /// <summary>Gets the device asked for.</summary>
    public ExecutionDevice Device { get; }
}
