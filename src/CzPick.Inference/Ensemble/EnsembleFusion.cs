using CzPick.Inference.Onnx;

namespace CzPick.Inference.Ensemble;

/// <summary>
/// Puts an ensemble into one ONNX graph, as the competition's winners did for speed: every TTA pass transforms the
/// input (flips are Slice with step −1, exact copies; swap x↔y is a Transpose), every member predicts every pass,
/// the pass is undone on its logits, and the weighted mean of all of them is the graph's output. A member's weights
/// are stored once and shared by its passes. One Run per window then does what members × passes Runs did.
/// </summary>
public static class EnsembleFusion
{
    const string InputName = "input";
    const string OutputName = "logits";

    /// <summary>Builds the fused model of a manifest's members and passes.</summary>
    /// <param name="manifest">The ensemble, loaded (its member files are read).</param>
    /// <returns>The ModelProto bytes: input <c>input</c> (N, 1, D, H, W), output <c>logits</c> (N, classes, D, H, W).</returns>
    /// <exception cref="OnnxFormatException">A member cannot be carried into a fused graph; the message says why.</exception>
    public static byte[] Build(EnsembleManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        OnnxModelContent[] members = [.. manifest.Members.Select(member => OnnxModelReader.Read(manifest.MemberPath(member)))];
        double[] weights = manifest.NormalizedWeights();
        OnnxGraph graph = new($"czpick_ensemble_{manifest.Name}");
        OnnxDimension batch = OnnxDimension.Named("N");
        OnnxDimension depth = OnnxDimension.Named("D");
        OnnxDimension height = OnnxDimension.Named("H");
        OnnxDimension width = OnnxDimension.Named("W");
        string input = graph.AddInput(InputName, batch, OnnxDimension.Fixed(1), depth, height, width);
        List<string> terms = [];
        for (int p = 0; p < manifest.Tta.Count; p++)
        {
            TtaPass pass = manifest.Tta[p];
            string transformed = AddPass(graph, pass, input, $"p{p}/input");
            for (int m = 0; m < members.Length; m++)
            {
                string logits = graph.Import(members[m], transformed, $"m{m}/", $"m{m}/p{p}/");
                string undone = AddPass(graph, pass, logits, $"m{m}/p{p}/undone");
                float weight = (float)(weights[m] / manifest.Tta.Count);
                terms.Add(weight == 1f ? undone : graph.AddNode("Mul", $"m{m}/p{p}/weighted", [undone, graph.AddInitializer($"m{m}/p{p}/weight", [], [weight])]));
            }
        }

        graph.AddNode(terms.Count == 1 ? "Identity" : "Sum", OutputName, terms);
        graph.AddOutput(OutputName, batch, OnnxDimension.Fixed(manifest.Classes.Count), depth, height, width);
        string description =
            $"CzPick fused ensemble '{manifest.Name}': members {string.Join(", ", manifest.Members.Select((member, m) => $"{member.File} ({weights[m]:0.###})"))}; " +
            $"TTA {string.Join(", ", manifest.Tta.Select(pass => pass.Name()))}; output the weighted mean of logits over members and passes.";
        return new OnnxModel(graph, description).ToArray();
    }

    /// <summary>Adds the nodes of one pass on a (N, C, D, H, W) value; each pass is its own inverse.</summary>
    static string AddPass(OnnxGraph graph, TtaPass pass, string value, string name) => pass switch
    {
        TtaPass.Identity => value,
        TtaPass.FlipX => Reverse(graph, value, axis: 4, name),
        TtaPass.FlipY => Reverse(graph, value, axis: 3, name),
        TtaPass.SwapXY => graph.AddNode("Transpose", name, [value], OnnxAttribute.Ints("perm", 0, 1, 2, 4, 3)),
        _ => throw new ArgumentOutOfRangeException(nameof(pass), pass, "Unknown TTA pass."),
    };

    /// <summary>
    /// Reverses one axis: Slice from the last element (start −1) past the first (end INT64_MIN, clamped to −1) with
    /// step −1, the form ONNX defines for reversal. ONNX has no flip operator.
    /// </summary>
    static string Reverse(OnnxGraph graph, string value, long axis, string name)
    {
        string starts = graph.GetOrAddInt64Initializer("tta/reverse.starts", [-1L]);
        string ends = graph.GetOrAddInt64Initializer("tta/reverse.ends", [long.MinValue]);
        string steps = graph.GetOrAddInt64Initializer("tta/reverse.steps", [-1L]);
        string axes = graph.GetOrAddInt64Initializer($"tta/axis{axis}", [axis]);
        return graph.AddNode("Slice", name, [value, starts, ends, axes, steps]);
    }
}
