using System.CommandLine;
using CzPick.Core.Outputs;
using CzPick.Inference.Ensemble;

namespace CzPick.Cli.Commands;

/// <summary>`czpick model fuse`: an ensemble's members and TTA passes as one ONNX graph, one Run per window.</summary>
static class ModelFuseCommand
{
    public static Command Create()
    {
        Option<string> model = new("--model") { Description = "The model directory (holding ensemble.json).", Required = true };
        Option<string> output = new("--out") { Description = "The .onnx file to write.", Required = true };
        Option<string?> tta = ModelCommand.TtaOption();
        Command command = new(
            "fuse",
            "Write an ensemble's members × TTA passes as one ONNX graph that outputs the weighted mean of their logits " +
            "(for TensorRT or other runtimes; czpick pick --fuse builds the same graph in memory).")
        {
            model, output, tta,
        };
        command.SetAction(parse =>
        {
            EnsembleManifest manifest = ModelCommand.LoadEnsemble(parse.GetValue(model)!, parse.GetValue(tta));
            string path = parse.GetValue(output)!;
            if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase))
            {
                throw new UserErrorException($"--out '{path}' must end in .onnx.");
            }

            byte[] fused = EnsembleFusion.Build(manifest);
            AtomicFile.Write(path, temporary => File.WriteAllBytes(temporary, fused));
            parse.InvocationConfiguration.Output.WriteLine(
                $"Wrote {path}: {manifest.Members.Count} members × {manifest.Tta.Count} TTA passes ({string.Join(", ", manifest.Tta.Select(p => p.Name()))}) in one graph, " +
                $"{fused.Length / 1e6:F1} MB; input 'input' (N,1,D,H,W), output 'logits' (N,{manifest.Classes.Count},D,H,W), the weighted mean of logits.");
            return 0;
        });
        return command;
    }
}
