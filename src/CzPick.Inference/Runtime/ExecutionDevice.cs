namespace CzPick.Inference.Runtime;

/// <summary>Where ONNX Runtime runs the networks.</summary>
public enum ExecutionDevice
{
    /// <summary>TensorRT if it loads, else CUDA if it loads, else the CPU, saying so in one log line.</summary>
    Auto,

    /// <summary>The CPU provider.</summary>
    Cpu,

    /// <summary>The CUDA provider (CUDA 13, cuDNN 9); an error if it cannot load.</summary>
    Cuda,

    /// <summary>The TensorRT provider in fp16 with an engine cache, CUDA for what TensorRT leaves; an error if it cannot load.</summary>
    TensorRt,
}

/// <summary>Names of <see cref="ExecutionDevice"/> as the command line writes them.</summary>
public static class ExecutionDevices
{
    static readonly string[] Names = ["auto", "cpu", "cuda", "tensorrt"];

    /// <summary>Gets every name: auto, cpu, cuda, tensorrt.</summary>
    public static IReadOnlyList<string> All => Names;

    /// <summary>Returns a device's name, e.g. "tensorrt".</summary>
    /// <param name="device">The device.</param>
    /// <returns>The name.</returns>
    public static string Name(this ExecutionDevice device) => Names[(int)device];

    /// <summary>Parses a device name.</summary>
    /// <param name="name">auto, cpu, cuda or tensorrt (any case).</param>
    /// <returns>The device.</returns>
    /// <exception cref="FormatException">The name is not a device; the message lists the devices.</exception>
    public static ExecutionDevice Parse(string name)
    {
        int index = Array.FindIndex(Names, known => string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? (ExecutionDevice)index
            : throw new FormatException($"Unknown device '{name}'; expected {string.Join(", ", Names)}.");
    }
}
