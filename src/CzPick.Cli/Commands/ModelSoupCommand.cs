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
        UNetArchitectureOptions architecture = new(required: false);
        Option<bool> ema = ModelCommand.EmaOption();
        Option<bool> keepPRelu = ModelCommand.KeepPReluOption();
        Argument<string[]> members = new("members")
        {
            Description = "The state dicts to average (.pth); all must share their keys and shapes.",
            Arity = ArgumentArity.OneOrMore,
        };
        Command command = new("soup", "Average PyTorch state dicts uniformly into a model soup.")
        {
            output, ema, keepPRelu, members,
        };
        architecture.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse =>
        {
            string outputPath = parse.GetValue(output)!;
            string extension = Path.GetExtension(outputPath).ToLowerInvariant();
            UNetArchitecture? unet = architecture.Resolve(parse);
            if (extension is not (".pth" or ".pt" or ".onnx"))
            {
                throw new UserErrorException($"--out '{outputPath}' must end in .pth, .pt or .onnx.");
            }

            if (extension == ".onnx" && unet is null)
            {
                throw new UserErrorException("An .onnx soup needs its UNet to build the graph: --arch tiny|medium|big, or --channels (with --strides, --res-units).");
            }

            string[] memberPaths = parse.GetValue(members)!;
            TorchStateDict soup = ModelSoup.Average([.. memberPaths.Select(path => (TorchStateDict.Read(path), path))]);
            TextWriter console = parse.InvocationConfiguration.Output;
            console.WriteLine($"Averaged {memberPaths.Length} state dicts of {soup.Entries.Count} tensors each.");
            UNetStateDictSelection? selection = unet is null
                ? null
                : UNetStateDict.Select(soup, unet, parse.GetValue(ema), $"the soup of {string.Join(", ", memberPaths)}");
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
