using CzPick.Inference.Onnx;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.UNet;
using Google.Protobuf;
using Onnx;

namespace CzPick.Inference.Tests.Onnx;

public sealed class OnnxModelReaderTests
{
    static readonly UNetArchitecture Architecture = new("small", [4, 8], [2], 1, outputChannels: 3);

    [Fact]
    public void Read_UNet_OneInputOneOutputEveryNodeAndWeight()
    {
        byte[] bytes = UNetOnnx.ToBytes(UNetWeights.CreateRandom(Architecture, 1), "small");
        ModelProto expected = ModelProto.Parser.ParseFrom(bytes);

        OnnxModelContent content = OnnxModelReader.Read(bytes, "small.onnx");

        Assert.Equal((UNetOnnx.InputName, UNetOnnx.OutputName), (content.Input, content.Output));
        Assert.Equal(expected.Graph.Node.Select(n => (n.OpType, n.Output.Single())), content.Nodes.Select(n => (n.OpType, n.Outputs.Single())));
        Assert.Equal(expected.Graph.Initializer.Select(i => i.Name), content.Initializers.Select(i => i.Name));
    }

    [Fact]
    public void Import_UNetIntoAnotherGraph_SameLogitsAsTheModelItself()
    {
        byte[] bytes = UNetOnnx.ToBytes(UNetWeights.CreateRandom(Architecture, 2), "small");
        OnnxGraph graph = new("wrapper");
        OnnxDimension[] shape = [OnnxDimension.Fixed(1), OnnxDimension.Fixed(1), OnnxDimension.Named("D"), OnnxDimension.Named("H"), OnnxDimension.Named("W")];
        string input = graph.AddInput("x", shape);
        string output = graph.Import(OnnxModelReader.Read(bytes, "small.onnx"), input, "w/", "v/");
        graph.AddNode("Identity", "y", [output]);
        graph.AddOutput("y", [OnnxDimension.Fixed(1), OnnxDimension.Fixed(3), OnnxDimension.Named("D"), OnnxDimension.Named("H"), OnnxDimension.Named("W")]);
        float[] voxels = TestEnsembles.Noise(4 * 4 * 8, 1);

        float[] imported = OnnxRunner.Run(new OnnxModel(graph, "imported").ToArray(), voxels, [1, 1, 4, 4, 8]).Values;

        Assert.Equal(OnnxRunner.Run(bytes, voxels, [1, 1, 4, 4, 8]).Values, imported);
        Assert.All(graph.Initializers, i => Assert.StartsWith("w/", i.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Import_TwiceWithOneWeightPrefix_WeightsStoredOnce()
    {
        OnnxModelContent content = OnnxModelReader.Read(UNetOnnx.ToBytes(UNetWeights.CreateRandom(Architecture, 3), "small"), "small.onnx");
        OnnxGraph graph = new("twice");
        string input = graph.AddInput("x", OnnxDimension.Fixed(1));

        graph.Import(content, input, "w/", "a/");
        graph.Import(content, input, "w/", "b/");

        Assert.Equal(content.Initializers.Count, graph.Initializers.Count);
        Assert.Equal(2 * content.Nodes.Count, graph.Nodes.Count);
    }

    [Fact]
    public void Read_OtherOpset_RefusedSayingWhichIsNeeded()
    {
        ModelProto model = SmallModel();
        model.OpsetImport[0].Version = 13;

        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(model.ToByteArray(), "old.onnx"));

        Assert.Equal("old.onnx: uses ONNX operator set 13; fusing needs operator set 17, as czpick model build and import write it.", error.Message);
    }

    [Fact]
    public void Read_ExternalWeights_Refused()
    {
        ModelProto model = SmallModel();
        model.Graph.Initializer[0].DataLocation = TensorProto.Types.DataLocation.External;

        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(model.ToByteArray(), "external.onnx"));

        Assert.Contains("keeps its weights in an external file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SubgraphAttribute_Refused()
    {
        ModelProto model = SmallModel();
        NodeProto branch = new() { OpType = "If", Name = "branch" };
        branch.Output.Add("branch_out");
        branch.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = new GraphProto { Name = "then" } });
        model.Graph.Node.Add(branch);

        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(model.ToByteArray(), "if.onnx"));

        Assert.Contains("a If node holds a subgraph (attribute 'then_branch')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TwoInputs_Refused()
    {
        ModelProto model = SmallModel();
        model.Graph.Input.Add(new ValueInfoProto { Name = "second" });

        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read(model.ToByteArray(), "two.onnx"));

        Assert.Equal("two.onnx: has 2 inputs (input, second) and 1 outputs (logits); expected one of each, as a UNet has.", error.Message);
    }

    [Fact]
    public void Read_Garbage_RefusedAsNotAModel()
    {
        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read("not a model"u8, "text.onnx"));

        Assert.StartsWith("text.onnx: not a valid ONNX model:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_EmptyFile_RefusedAsHoldingNoGraph()
    {
        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => OnnxModelReader.Read([], "empty.onnx"));

        Assert.Contains("holds no graph", error.Message, StringComparison.Ordinal);
    }

    static ModelProto SmallModel() => ModelProto.Parser.ParseFrom(UNetOnnx.ToBytes(UNetWeights.CreateRandom(Architecture, 4), "small"));
}
