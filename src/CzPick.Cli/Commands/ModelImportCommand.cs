using System.CommandLine;
using CzPick.Inference.Torch;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Commands;

/// <summary>`czpick model import`: a PyTorch state dict (e.g. the seed's released soups) as an ONNX UNet.</summary>
static class ModelImportCommand
{
    public static Command Create()
    {
        UNetArchitectureOptions architecture = new(required: true);
        Option<string> weights = new("--weights")
        {
            Description = "The torch.save file: a MONAI UNet state dict, a Lightning one (keys under 'model.'), or a Lightning checkpoint with 'state_dict'.",
            Required = true,
        };
        Option<bool> ema = ModelCommand.EmaOption();
        Option<string> output = new("--out") { Description = "The .onnx file to write.", Required = true };
        Option<bool> keepPRelu = ModelCommand.KeepPReluOption();
        Command command = new("import", "Convert PyTorch UNet weights (.pth) to ONNX, checking every key and shape against the architecture.")
        {
            weights, ema, output, keepPRelu,
        };
        architecture.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse =>
        {
            UNetArchitecture unet = architecture.Resolve(parse)!;
            string weightsPath = parse.GetValue(weights)!;
            UNetStateDictSelection selection = UNetStateDict.Select(TorchStateDict.Read(weightsPath), unet, parse.GetValue(ema), weightsPath);
            TextWriter console = parse.InvocationConfiguration.Output;
            console.WriteLine($"Read {unet.Parameters.Count} tensors from {weightsPath} (key prefix '{selection.KeyPrefix}')" +
                (selection.IgnoredKeys.Count > 0 ? $"; left aside {selection.IgnoredKeys.Count} tensors outside it ({selection.IgnoredKeys[0]}, …)." : "."));
            ModelCommand.WriteOnnx(
                parse, parse.GetValue(output)!, selection.Weights,
                $"MONAI UNet {unet}, weights '{selection.KeyPrefix}*' of {Path.GetFileName(weightsPath)}, imported by czpick", parse.GetValue(keepPRelu));
            return 0;
        });
        return command;
    }
}
