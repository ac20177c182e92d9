using CzPick.Inference.Onnx;
using CzPick.Inference.UNet;
using Onnx;

namespace CzPick.Inference.Tests.Onnx;

public sealed class OnnxModelTests
{
    [Fact]
    public void ToArray_UNet_OnnxSharpParsesEveryField()
    {
        UNetArchitecture architecture = new("small", [4, 8, 16], [2, 1], 1, outputChannels: 3);
        byte[] bytes = UNetOnnx.ToBytes(UNetWeights.CreateRandom(architecture, seed: 5), "a small test UNet");

        ModelProto model = ModelProto.Parser.ParseFrom(bytes);

        Assert.Equal(OnnxModel.IrVersion, model.IrVersion);
        Assert.Equal("CzPick", model.ProducerName);
        Assert.Equal("a small test UNet", model.DocString);
        Assert.Equal(OnnxModel.OpsetVersion, Assert.Single(model.OpsetImport).Version);
        Assert.Equal(["N", "3", "D", "H", "W"], model.Graph.Output.Single().Type.TensorType.Shape.Dim.Select(d => d.DimParam.Length > 0 ? d.DimParam : d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("input", model.Graph.Input.Single().Name);
        TensorProto weight = model.Graph.Initializer.Single(i => i.Name == "model.0.conv.unit0.conv.weight");
        Assert.Equal([4L, 1, 3, 3, 3], weight.Dims);
        Assert.Equal(4 * 27 * 4, weight.RawData.Length);
        // The top level has stride 2 (output padding 1), the inner one stride 1 (output padding 0).
        NodeProto[] transposed = [.. model.Graph.Node.Where(n => n.OpType == "ConvTranspose")];
        Assert.Equal([0L, 0, 0], transposed[0].Attribute.Single(a => a.Name == "output_padding").Ints);
        Assert.Equal([1L, 1, 1], transposed[1].Attribute.Single(a => a.Name == "output_padding").Ints);
        Assert.Equal([2L, 2, 2], transposed[1].Attribute.Single(a => a.Name == "strides").Ints);
        Assert.Equal(AttributeProto.Types.AttributeType.Ints, transposed[1].Attribute.Single(a => a.Name == "strides").Type);
        // Weights and biases (slopes became LeakyRelu alphas), plus InstanceNormalization's shared scale and bias
        // for each normalized width: 4, 8, 16 (down path and bottom) and 3 (the top transposed convolution).
        int slopes = architecture.Parameters.Count(p => p.Key.EndsWith(".adn.A.weight", StringComparison.Ordinal));
        Assert.Equal(architecture.Parameters.Count - slopes + (2 * 4), model.Graph.Initializer.Count);
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "PRelu");
    }
}
