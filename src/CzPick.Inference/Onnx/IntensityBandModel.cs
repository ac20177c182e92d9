using CzPick.Inference.UNet;

namespace CzPick.Inference.Onnx;

/// <summary>
/// A network that needs no training, for benchmarks and tests on synthetic tomograms whose particles are painted
/// with their label as intensity: the class-c logit is −8·(v − c)², v the voxel's value before the z-score, so each
/// painted particle becomes its class and the noise around it background. Optionally a UNet runs beside it with its
/// logits scaled down and added, so that the compute is a real network's while the picks stay those of the bands.
/// </summary>
public static class IntensityBandModel
{
    /// <summary>Builds the model.</summary>
    /// <param name="channels">The classes, background included; class c is the band around value c.</param>
    /// <param name="mean">The volume's mean, which the z-score subtracted.</param>
    /// <param name="standardDeviation">The volume's standard deviation, which the z-score divided by.</param>
    /// <param name="unet">A UNet whose logits are added, scaled; null for the bands alone.</param>
    /// <param name="unetScale">The factor on the UNet's logits: small, so that the bands decide.</param>
    /// <returns>The ModelProto bytes: input <c>input</c> (N, 1, D, H, W), output <c>logits</c> (N, channels, D, H, W).</returns>
    public static byte[] Create(int channels, double mean, double standardDeviation, UNetWeights? unet = null, float unetScale = 0.01f)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 2);
        if (unet is not null && unet.Architecture.OutputChannels != channels)
        {
            throw new ArgumentException($"The UNet gives {unet.Architecture.OutputChannels} channels, not {channels}.", nameof(unet));
        }

        OnnxGraph graph = new("intensity_bands");
        OnnxDimension[] shape = [OnnxDimension.Named("N"), OnnxDimension.Fixed(1), OnnxDimension.Named("D"), OnnxDimension.Named("H"), OnnxDimension.Named("W")];
        string input = graph.AddInput(UNetOnnx.InputName, shape);
        string scaled = graph.AddNode("Mul", "bands/scaled", [input, graph.AddInitializer("bands/std", [], [(float)standardDeviation])]);
        string value = graph.AddNode("Add", "bands/value", [scaled, graph.AddInitializer("bands/mean", [], [(float)mean])]);
        float[] labels = [.. Enumerable.Range(0, channels).Select(c => (float)c)];
        string distance = graph.AddNode("Sub", "bands/distance", [value, graph.AddInitializer("bands/labels", [1, channels, 1, 1, 1], labels)]);
        string squared = graph.AddNode("Mul", "bands/squared", [distance, distance]);
        string bands = graph.AddNode("Mul", "bands/logits", [squared, graph.AddInitializer("bands/sharpness", [], [-8f])]);
        string logits = bands;
        if (unet is not null)
        {
            string network = UNetOnnxBuilder.AddNetwork(graph, unet, input, "unet/", new UNetOnnxOptions());
            string small = graph.AddNode("Mul", "unet/scaled", [network, graph.AddInitializer("unet/scale", [], [unetScale])]);
            logits = graph.AddNode("Add", "bands/with_unet", [bands, small]);
        }

        graph.AddNode("Identity", UNetOnnx.OutputName, [logits]);
        graph.AddOutput(UNetOnnx.OutputName, shape[0], OnnxDimension.Fixed(channels), shape[2], shape[3], shape[4]);
        string description = $"intensity bands around 0…{channels - 1} (mean {mean:G6}, std {standardDeviation:G6})" +
            (unet is null ? string.Empty : $" plus {unetScale} × the logits of UNet {unet.Architecture}");
        return new OnnxModel(graph, description).ToArray();
    }
}
