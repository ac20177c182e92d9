using CzPick.Inference.Onnx;

namespace CzPick.Inference.UNet;

/// <summary>
/// Adds one MONAI UNet to an ONNX graph. Every value and initializer name starts with a prefix, so several networks
/// can live in one graph (a fused ensemble) and share the constants of InstanceNormalization.
/// </summary>
sealed class UNetOnnxBuilder
{
    /// <summary>MONAI's InstanceNorm3d epsilon (PyTorch's default).</summary>
    const float InstanceNormEpsilon = 1e-5f;

    readonly OnnxGraph graph;
    readonly UNetWeights weights;
    readonly string prefix;
    readonly UNetOnnxOptions options;

    UNetOnnxBuilder(OnnxGraph graph, UNetWeights weights, string prefix, UNetOnnxOptions options)
    {
        this.graph = graph;
        this.weights = weights;
        this.prefix = prefix;
        this.options = options;
    }

    /// <summary>Adds the network, reading <paramref name="input"/> (N, C_in, D, H, W).</summary>
    /// <param name="graph">The graph to add to.</param>
    /// <param name="weights">The network's weights (and so its architecture).</param>
    /// <param name="input">The value holding the input.</param>
    /// <param name="prefix">Put before every name this network adds; empty for a graph of one network.</param>
    /// <param name="options">The graph rewrites.</param>
    /// <returns>The value holding the logits (N, C_out, D, H, W).</returns>
    public static string AddNetwork(OnnxGraph graph, UNetWeights weights, string input, string prefix, UNetOnnxOptions options) =>
        new UNetOnnxBuilder(graph, weights, prefix, options).Add(weights.Architecture.Root, input);

    string Add(UNetModule module, string input) => module switch
    {
        ConvModule conv => this.AddConv(conv, input),
        ConvolutionModule convolution => this.AddConvolution(convolution, input),
        ResidualUnitModule unit => this.AddResidualUnit(unit, input),
        SequentialModule sequential => sequential.Layers.Aggregate(input, (value, layer) => this.Add(layer, value)),
        SkipConnectionModule skip => this.graph.AddNode(
            "Concat", this.Name(skip.Key, "cat"), [input, this.Add(skip.Inner, input)], OnnxAttribute.Int("axis", 1)),
        _ => throw new InvalidOperationException($"Unknown UNet module {module.GetType().Name}."),
    };

    string AddConv(ConvModule conv, string input)
    {
        UNetParameter weightParameter = new(conv.WeightKey, conv.WeightShape);
        string weight = this.AddWeight(weightParameter);
        string bias = this.AddWeight(new UNetParameter(conv.BiasKey, [conv.OutputChannels]));
        long[] kernel = [conv.KernelSize, conv.KernelSize, conv.KernelSize];
        long[] strides = [conv.Stride, conv.Stride, conv.Stride];
        long[] pads = [conv.Padding, conv.Padding, conv.Padding, conv.Padding, conv.Padding, conv.Padding];
        if (!conv.Transposed)
        {
            return this.graph.AddNode(
                "Conv", this.Name(conv.Key, "Conv"), [input, weight, bias],
                OnnxAttribute.Ints("kernel_shape", kernel), OnnxAttribute.Ints("pads", pads), OnnxAttribute.Ints("strides", strides));
        }

        // PyTorch's output_padding adds stride − 1 voxels at the end of each axis, as ONNX's output_padding does.
        long[] outputPadding = [conv.OutputPadding, conv.OutputPadding, conv.OutputPadding];
        return this.graph.AddNode(
            "ConvTranspose", this.Name(conv.Key, "ConvTranspose"), [input, weight, bias],
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("output_padding", outputPadding),
            OnnxAttribute.Ints("pads", pads),
            OnnxAttribute.Ints("strides", strides));
    }

    string AddConvolution(ConvolutionModule convolution, string input)
    {
        string output = this.AddConv(convolution.Conv, input);
        if (convolution.ConvOnly)
        {
            return output;
        }

        // InstanceNorm3d(affine=False) is ONNX InstanceNormalization with scale 1 and bias 0; dropout is the
        // identity at inference and leaves no node.
        int channels = convolution.Conv.OutputChannels;
        string scale = this.graph.GetOrAddInitializer($"{this.prefix}instance_norm.scale.{channels}", [channels], () => Enumerable.Repeat(1f, channels).ToArray());
        string shift = this.graph.GetOrAddInitializer($"{this.prefix}instance_norm.bias.{channels}", [channels], () => new float[channels]);
        string normalized = this.graph.AddNode(
            "InstanceNormalization", this.Name(convolution.Key, "InstanceNormalization"), [output, scale, shift],
            OnnxAttribute.Float("epsilon", InstanceNormEpsilon));

        UNetParameter slopeParameter = new(convolution.SlopeKey, [1]);
        if (this.options.PReluAsLeakyRelu)
        {
            // LeakyRelu(α) is x for x ≥ 0 and αx otherwise, which is PReLU with one slope for every α, negative or
            // above one included; ONNX Runtime runs it faster than PRelu with a broadcast slope.
            return this.graph.AddNode(
                "LeakyRelu", this.Name(convolution.Key, "LeakyRelu"), [normalized],
                OnnxAttribute.Float("alpha", this.weights[slopeParameter.Key][0]));
        }

        return this.graph.AddNode("PRelu", this.Name(convolution.Key, "PRelu"), [normalized, this.AddWeight(slopeParameter)]);
    }

    string AddResidualUnit(ResidualUnitModule unit, string input)
    {
        string convolved = unit.Units.Aggregate(input, (value, subunit) => this.AddConvolution(subunit, value));
        string residual = unit.Residual is null ? input : this.AddConv(unit.Residual, input);
        return this.graph.AddNode("Add", this.Name(unit.Key, "Add"), [convolved, residual]);
    }

    string AddWeight(UNetParameter parameter) =>
        this.graph.AddInitializer(this.prefix + parameter.Key, [.. parameter.Shape.Select(extent => (long)extent)], this.weights[parameter.Key].ToArray());

    string Name(string key, string operation) => $"{this.prefix}{key}/{operation}";
}
