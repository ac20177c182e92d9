using System.CommandLine;
using CzPick.Inference.Soup;
using CzPick.Inference.Torch;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Commands;

/// <summary>`czpick model soup`: the uniform average of state dicts, written as .pth, or as ONNX for one architecture.</summary>
static class ModelSoupCommand
{
    public static Command Create()
    {
        Option<string> output = new("--out") { Description = "The soup: a .pth (torch.load reads it) or an .onnx (needs --arch).", Required = true };
        Option<string> architecture = ModelCommand.ArchitectureOption(required: false);
        Option<bool> ema = ModelCommand.EmaOption();
        Option<bool> keepPRelu = ModelCommand.KeepPReluOption();
        Argument<string[]> members = new("members")
        {
            Description = "The state dicts to average (.pth); all must share their keys and shapes.",
            Arity = ArgumentArity.OneOrMore,
        };
        Command command = new("soup", "Average PyTorch state dicts uniformly into a model soup.")
        {
            output, architecture, ema, keepPRelu, members,
        };
        command.SetAction(parse =>
        {
            string outputPath = parse.GetValue(output)!;
            string extension = Path.GetExtension(outputPath).ToLowerInvariant();
            string? architectureName = parse.GetValue(architecture);
            if (extension is not (".pth" or ".pt" or ".onnx"))
            {
                throw new UserErrorException($"--out '{outputPath}' must end in .pth, .pt or .onnx.");
            }

            if (extension == ".onnx" && architectureName is null)
            {
                throw new UserErrorException("An .onnx soup needs --arch (tiny, medium or big) to build its graph.");
            }

            string[] memberPaths = parse.GetValue(members)!;
            TorchStateDict soup = ModelSoup.Average([.. memberPaths.Select(path => (TorchStateDict.Read(path), path))]);
            TextWriter console = parse.InvocationConfiguration.Output;
            console.WriteLine($"Averaged {memberPaths.Length} state dicts of {soup.Entries.Count} tensors each.");
            UNetStateDictSelection? selection = architectureName is null
                ? null
                : UNetStateDict.Select(soup, UNetArchitecture.FromName(architectureName), parse.GetValue(ema), $"the soup of {string.Join(", ", memberPaths)}");
            if (extension == ".onnx")
            {
                ModelCommand.WriteOnnx(
                    parse, outputPath, selection!.Weights,
                    $"MONAI UNet {selection.Weights.Architecture}, uniform soup of {string.Join(", ", memberPaths.Select(Path.GetFileName))} ('{selection.KeyPrefix}*'), made by czpick",
                    parse.GetValue(keepPRelu));
            }
            else
            {
                soup.Write(outputPath);
                console.WriteLine($"Wrote {outputPath} (float32, torch.save format).");
            }

            return 0;
        });
        return command;
    }
}
