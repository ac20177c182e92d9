using CzPick.Inference.Torch;

namespace CzPick.Inference.UNet;

/// <summary>The learned values of one UNet, checked against its architecture: every parameter present, every length right.</summary>
public sealed class UNetWeights
{
    readonly Dictionary<string, float[]> values;

    /// <summary>Initializes a new instance of the <see cref="UNetWeights"/> class.</summary>
    /// <param name="architecture">The architecture the values belong to.</param>
    /// <param name="values">One C-order array per parameter key of the architecture, and nothing else.</param>
    /// <exception cref="ArgumentException">A key is missing or extra, or an array has the wrong length.</exception>
    public UNetWeights(UNetArchitecture architecture, IReadOnlyDictionary<string, float[]> values)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(values);
        this.Architecture = architecture;
        this.values = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (UNetParameter parameter in architecture.Parameters)
        {
            if (!values.TryGetValue(parameter.Key, out float[]? array))
            {
                throw new ArgumentException($"No values for '{parameter.Key}' of UNet '{architecture.Name}'.", nameof(values));
            }

            if (array.LongLength != parameter.ElementCount)
            {
                throw new ArgumentException($"'{parameter.Key}' of shape {TorchTensor.FormatShape(parameter.Shape)} needs {parameter.ElementCount} values, not {array.LongLength}.", nameof(values));
            }

            this.values.Add(parameter.Key, array);
        }

        if (values.Count != this.values.Count)
        {
            string extra = values.Keys.First(key => !this.values.ContainsKey(key));
            throw new ArgumentException($"'{extra}' is not a parameter of UNet '{architecture.Name}'.", nameof(values));
        }
    }

    /// <summary>Gets the architecture.</summary>
    public UNetArchitecture Architecture { get; }

    /// <summary>Gets the values of one parameter, in C order.</summary>
    /// <param name="key">The MONAI key, e.g. <c>model.0.conv.unit0.conv.weight</c>.</param>
    /// <returns>The values; do not modify them.</returns>
    public ReadOnlySpan<float> this[string key] => this.values[key];

    /// <summary>
    /// Returns weights drawn from a seeded generator: Kaiming-normal convolution weights for PReLU's default slope,
    /// PyTorch's default uniform biases and a slope of 0.25, so activations keep their scale through the network.
    /// </summary>
    /// <param name="architecture">The architecture.</param>
    /// <param name="seed">The generator seed; the same seed gives the same weights.</param>
    /// <returns>The weights.</returns>
    public static UNetWeights CreateRandom(UNetArchitecture architecture, int seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        const float DefaultSlope = 0.25f;
        Random random = new(seed);
        Dictionary<string, float[]> values = new(StringComparer.Ordinal);
        foreach (ConvModule conv in architecture.Convolutions)
        {
            // A transposed convolution with stride s reaches each output voxel from k³/s³ taps per input channel.
            double kernelVolume = Math.Pow(conv.KernelSize, 3);
            double fanIn = conv.InputChannels * (conv.Transposed ? kernelVolume / Math.Pow(conv.Stride, 3) : kernelVolume);
            double deviation = Math.Sqrt(2.0 / ((1 + (DefaultSlope * DefaultSlope)) * fanIn));
            float[] weight = new float[conv.WeightShape.Aggregate(1, (product, extent) => product * extent)];
            for (int index = 0; index < weight.Length; index++)
            {
                weight[index] = (float)(deviation * NextStandardNormal(random));
            }

            double bound = 1 / Math.Sqrt(fanIn);
            float[] bias = new float[conv.OutputChannels];
            for (int index = 0; index < bias.Length; index++)
            {
                bias[index] = (float)(bound * ((2 * random.NextDouble()) - 1));
            }

            values.Add(conv.WeightKey, weight);
            values.Add(conv.BiasKey, bias);
        }

        foreach (UNetParameter parameter in architecture.Parameters.Where(p => !values.ContainsKey(p.Key)))
        {
            // What is left are the PReLU slopes.
            values.Add(parameter.Key, [DefaultSlope]);
        }

        return new UNetWeights(architecture, values);
    }

    /// <summary>Returns the values as a state dict, keys prefixed (e.g. <c>model.</c>, as Lightning saves them).</summary>
    /// <param name="keyPrefix">The prefix put before every MONAI key.</param>
    /// <returns>A float32 state dict in the architecture's parameter order.</returns>
    public TorchStateDict ToStateDict(string keyPrefix = "") =>
        new(this.Architecture.Parameters.Select(p =>
            new KeyValuePair<string, TorchTensor>(keyPrefix + p.Key, TorchTensor.FromSingles([.. p.Shape], this.values[p.Key]))));

    static double NextStandardNormal(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm's argument in (0, 1].
        double radius = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()));
        return radius * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
