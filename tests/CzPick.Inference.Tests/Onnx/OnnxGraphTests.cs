using CzPick.Inference.Onnx;

namespace CzPick.Inference.Tests.Onnx;

public sealed class OnnxGraphTests
{
    [Fact]
    public void AddNode_InputNotYetDefined_Throws()
    {
        OnnxGraph graph = new("g");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => graph.AddNode("Relu", "y", ["x"]));

        Assert.Contains("reads 'x', which is not yet a value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddNode_OutputNameTaken_Throws()
    {
        OnnxGraph graph = new("g");
        graph.AddInput("x", OnnxDimension.Fixed(1));

        Assert.Throws<InvalidOperationException>(() => graph.AddNode("Relu", "x", ["x"]));
    }

    [Fact]
    public void AddInitializer_CountNotShape_Throws()
    {
        Assert.Throws<ArgumentException>(() => new OnnxGraph("g").AddInitializer("w", [2, 3], new float[5]));
    }

    [Fact]
    public void GetOrAddInitializer_SecondCall_ReusesFirst()
    {
        OnnxGraph graph = new("g");
        int calls = 0;

        graph.GetOrAddInitializer("one", [1], () => { calls++; return [1f]; });
        graph.GetOrAddInitializer("one", [1], () => { calls++; return [1f]; });

        Assert.Equal(1, calls);
        Assert.Single(graph.Initializers);
    }

    [Fact]
    public void AddOutput_UnknownValue_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => new OnnxGraph("g").AddOutput("y", OnnxDimension.Fixed(1)));
    }
}
