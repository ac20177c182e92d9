using System.CommandLine;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Commands;

/// <summary>`czpick model build`: a UNet with seeded random weights, for trying the engine without trained weights.</summary>
static class ModelBuildCommand
{
    public static Command Create()
    {
        Option<string> architecture = ModelCommand.ArchitectureOption(required: true);
        Option<string> output = new("--out") { Description = "The .onnx file to write.", Required = true };
        Option<int> seed = new("--seed") { Description = "The random seed of the weights.", DefaultValueFactory = _ => 0 };
        Option<bool> keepPRelu = ModelCommand.KeepPReluOption();
        Command command = new("build", "Write a MONAI UNet as ONNX with seeded random (Kaiming) weights.")
        {
            architecture, output, seed, keepPRelu,
        };
        command.SetAction(parse =>
        {
            UNetArchitecture unet = UNetArchitecture.FromName(parse.GetValue(architecture)!);
            int seedValue = parse.GetValue(seed);
            UNetWeights weights = UNetWeights.CreateRandom(unet, seedValue);
            ModelCommand.WriteOnnx(parse, parse.GetValue(output)!, weights, $"MONAI UNet {unet}, random weights (seed {seedValue}), built by czpick", parse.GetValue(keepPRelu));
            return 0;
        });
        return command;
    }
}
