using System.CommandLine;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Commands;

/// <summary>`czpick model build`: a UNet with seeded random weights, for trying the engine without trained weights.</summary>
static class ModelBuildCommand
{
    public static Command Create()
    {
        UNetArchitectureOptions architecture = new(required: true);
        Option<string> output = new("--out") { Description = "The .onnx file to write.", Required = true };
        Option<int> seed = new("--seed") { Description = "The random seed of the weights.", DefaultValueFactory = _ => 0 };
        Option<bool> keepPRelu = ModelCommand.KeepPReluOption();
        Command command = new("build", "Write a MONAI UNet as ONNX with seeded random (Kaiming) weights.")
        {
            output, seed, keepPRelu,
        };
        architecture.All.ToList().ForEach(command.Options.Add);
        command.SetAction(parse =>
        {
            UNetArchitecture unet = architecture.Resolve(parse)!;
            int seedValue = parse.GetValue(seed);
            UNetWeights weights = UNetWeights.CreateRandom(unet, seedValue);
            ModelCommand.WriteOnnx(parse, parse.GetValue(output)!, weights, $"MONAI UNet {unet}, random weights (seed {seedValue}), built by czpick", parse.GetValue(keepPRelu));
            return 0;
        });
        return command;
    }
}
