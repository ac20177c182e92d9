using CzPick.Inference.Onnx;

namespace CzPick.Inference.UNet;

/// <summary>
/// Writes a MONAI UNet as an ONNX model: input <c>input</c> (N, C_in, D, H, W) float32, output <c>logits</c>
/// (N, C_out, D, H, W) before softmax, with N, D, H, W symbolic; D, H and W must be multiples of
/// <see cref="UNetArchitecture.SpatialMultiple"/>.
/// </summary>
public static class UNetOnnx
{
    /// <summary>The graph input's name.</summary>
    public const string InputName = "input";

    /// <summary>The graph output's name.</summary>
    public const string OutputName = "logits";

    /// <summary>Serializes a UNet as an ONNX ModelProto.</summary>
    /// <param name="weights">The weights, and with them the architecture.</param>
    /// <param name="description">The model's doc string: what it is and where its weights came from.</param>
    /// <param name="options">The graph rewrites; null for the defaults.</param>
    /// <returns>The model bytes, ready for ONNX Runtime.</returns>
    public static byte[] ToBytes(UNetWeights weights, string description, UNetOnnxOptions? options = null) =>
        CreateModel(weights, description, options ?? new UNetOnnxOptions()).ToArray();

    /// <summary>Writes a UNet to an ONNX file, replacing it.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="weights">The weights, and with them the architecture.</param>
    /// <param name="description">The model's doc string: what it is and where its weights came from.</param>
    /// <param name="options">The graph rewrites; null for the defaults.</param>
    public static void Save(string path, UNetWeights weights, string description, UNetOnnxOptions? options = null) =>
        CreateModel(weights, description, options ?? new UNetOnnxOptions()).Save(path);

    static OnnxModel CreateModel(UNetWeights weights, string description, UNetOnnxOptions options)
    {
        ArgumentNullException.ThrowIfNull(weights);
        UNetArchitecture architecture = weights.Architecture;
        OnnxGraph graph = new($"monai_unet_{architecture.Name}");
        OnnxDimension batch = OnnxDimension.Named("N");
        OnnxDimension depth = OnnxDimension.Named("D");
        OnnxDimension height = OnnxDimension.Named("H");
        OnnxDimension width = OnnxDimension.Named("W");
        string input = graph.AddInput(InputName, batch, OnnxDimension.Fixed(architecture.InputChannels), depth, height, width);
        string logits = UNetOnnxBuilder.AddNetwork(graph, weights, input, string.Empty, options);
        graph.AddNode("Identity", OutputName, [logits]);
        graph.AddOutput(OutputName, batch, OnnxDimension.Fixed(architecture.OutputChannels), depth, height, width);
        return new OnnxModel(graph, description);
    }
}
