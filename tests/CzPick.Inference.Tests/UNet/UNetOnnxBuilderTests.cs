using CzPick.Inference.Onnx;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.UNet;

public sealed class UNetOnnxBuilderTests
{
    [Fact]
    public void AddNetwork_TwoPrefixedNetworksInOneGraph_MeanOfTheirLogits()
    {
        // What a fused ensemble graph does: members side by side on one input, their logits averaged.
        UNetArchitecture architecture = new("small", [4, 8], [2], 1, outputChannels: 3);
        UNetWeights first = UNetWeights.CreateRandom(architecture, 1);
        UNetWeights second = UNetWeights.CreateRandom(architecture, 2);
        OnnxGraph graph = new("ensemble");
        OnnxDimension[] inputShape = [OnnxDimension.Fixed(1), OnnxDimension.Fixed(1), OnnxDimension.Named("D"), OnnxDimension.Named("H"), OnnxDimension.Named("W")];
        string input = graph.AddInput("input", inputShape);
        string a = UNetOnnxBuilder.AddNetwork(graph, first, input, "m0/", new UNetOnnxOptions());
        string b = UNetOnnxBuilder.AddNetwork(graph, second, input, "m1/", new UNetOnnxOptions());
        string sum = graph.AddNode("Add", "sum", [a, b]);
        string half = graph.AddInitializer("half", [], [0.5f]);
        graph.AddNode("Mul", "logits", [sum, half]);
        graph.AddOutput("logits", [OnnxDimension.Fixed(1), OnnxDimension.Fixed(3), OnnxDimension.Named("D"), OnnxDimension.Named("H"), OnnxDimension.Named("W")]);
        float[] voxels = [.. Enumerable.Range(0, 4 * 4 * 8).Select(i => MathF.Sin(i))];
        long[] shape = [1, 1, 4, 4, 8];

        float[] fused = OnnxRunner.Run(new OnnxModel(graph, "two").ToArray(), voxels, shape).Values;
        float[] alone0 = OnnxRunner.Run(UNetOnnx.ToBytes(first, "0"), voxels, shape).Values;
        float[] alone1 = OnnxRunner.Run(UNetOnnx.ToBytes(second, "1"), voxels, shape).Values;

        Assert.True(Fixtures.MaxAbsDifference(fused, [.. alone0.Zip(alone1, (x, y) => (x + y) / 2)]) < 1e-5f);
        Assert.Contains(graph.Initializers, i => i.Name == "m1/model.0.conv.unit0.conv.weight");
    }
}
