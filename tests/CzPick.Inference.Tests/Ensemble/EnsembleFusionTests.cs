using CzPick.Core.Geometry;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Tests.Support;
using Onnx;

namespace CzPick.Inference.Tests.Ensemble;

public sealed class EnsembleFusionTests
{
    static readonly Shape3 Window = new(4, 8, 8);

    [Fact]
    public void Build_TwoMembersFourPasses_EachMembersWeightsOnceAndTheSeedPassesAsOperators()
    {
        using TempDirectory directory = new();
        EnsembleManifest manifest = TestEnsembles.Write(directory.Path, TtaPasses.Seed, Window, (1, 1), (2, 1));
        int memberWeights = ModelProto.Parser.ParseFrom(File.ReadAllBytes(manifest.MemberPath(manifest.Members[0]))).Graph.Initializer.Count;

        ModelProto fused = ModelProto.Parser.ParseFrom(EnsembleFusion.Build(manifest));

        // Member weights once each; Slice's starts, ends, steps and two axes; one mean weight per member and pass.
        Assert.Equal((2 * memberWeights) + 5 + 8, fused.Graph.Initializer.Count);
        Assert.Equal(2 * 2, fused.Graph.Node.Count(n => n.OpType == "Slice" && n.Name.StartsWith("m", StringComparison.Ordinal)));
        Assert.Equal(2, fused.Graph.Node.Count(n => n.OpType == "Slice" && n.Name.StartsWith("p", StringComparison.Ordinal)));
        Assert.Equal(1 + 2, fused.Graph.Node.Count(n => n.OpType == "Transpose"));
        Assert.Equal(8, Assert.Single(fused.Graph.Node, n => n.OpType == "Sum").Input.Count);
        Assert.Equal("logits", fused.Graph.Output.Single().Name);
        Assert.Contains("TTA identity, flip-x, flip-y, swap-xy", fused.DocString, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OneMemberIdentity_TheMemberBehindAnIdentity()
    {
        using TempDirectory directory = new();
        EnsembleManifest manifest = TestEnsembles.Write(directory.Path, [TtaPass.Identity], Window, (3, 1));
        float[] input = TestEnsembles.Noise((int)Window.VoxelCount, 1);

        float[] fused = OnnxRunner.Run(EnsembleFusion.Build(manifest), input, [1, 1, 4, 8, 8]).Values;

        Assert.Equal(OnnxRunner.Run(File.ReadAllBytes(manifest.MemberPath(manifest.Members[0])), input, [1, 1, 4, 8, 8]).Values, fused);
    }
}
