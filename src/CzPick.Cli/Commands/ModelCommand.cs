using System.CommandLine;
using CzPick.Inference.Ensemble;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Commands;

/// <summary>`czpick model`: make ONNX networks, by building them with random weights, importing PyTorch weights, or souping.</summary>
static class ModelCommand
{
    public static Command Create() => new("model", "Build MONAI UNets as ONNX, import the seed's PyTorch soups, and average weights into soups.")
    {
        ModelBuildCommand.Create(),
        ModelImportCommand.Create(),
        ModelSoupCommand.Create(),
        ModelFuseCommand.Create(),
    };

    /// <summary>The --tta option: the passes to run instead of the manifest's.</summary>
    public static Option<string?> TtaOption() => new("--tta")
    {
        Description = "The TTA passes instead of the model's: a comma-separated list of identity, flip-x, flip-y, swap-xy; 'none' for identity only, 'all' for the four.",
    };

    /// <summary>Loads a model directory's manifest, with the passes of --tta when given.</summary>
    /// <param name="directory">The model directory or its ensemble.json.</param>
    /// <param name="tta">The --tta value, or null for the manifest's passes.</param>
    /// <returns>The checked manifest.</returns>
    public static EnsembleManifest LoadEnsemble(string directory, string? tta)
    {
        EnsembleManifest manifest = EnsembleManifest.Load(directory);
        if (tta is null)
        {
            return manifest;
        }

        IReadOnlyList<TtaPass> passes;
        try
        {
            passes = tta.Trim().ToLowerInvariant() switch
            {
                "none" => [TtaPass.Identity],
                "all" => TtaPasses.Seed,
                _ => [.. tta.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(TtaPasses.Parse)],
            };
        }
        catch (FormatException error)
        {
            throw new UserErrorException($"--tta: {error.Message} Or 'none', 'all'.");
        }

        manifest = manifest with { Tta = passes };
        manifest.Validate();
        return manifest;
    }

    /// <summary>The --arch option: one of the seed's architectures.</summary>
    public static Option<string> ArchitectureOption(bool required) => new Option<string>("--arch")
    {
        Description = "The UNet: tiny (32,64,128,128; 1 residual unit), medium (32,64,128,256; 2) or big (32,96,256,384; 2).",
        Required = required,
    }.AcceptOnlyFromAmong([.. UNetArchitecture.Seed.Select(a => a.Name)]);

    /// <summary>The --keep-prelu option: write PRelu nodes instead of the (exact, faster) LeakyRelu rewrite.</summary>
    public static Option<bool> KeepPReluOption() => new("--keep-prelu")
    {
        Description = "Write PRelu nodes instead of LeakyRelu (same result; LeakyRelu runs faster on ONNX Runtime).",
    };

    /// <summary>The --ema option: take the EMA copy of a Lightning state dict.</summary>
    public static Option<bool> EmaOption() => new("--ema")
    {
        Description = "Use the EMA weights (keys under 'ema_model.module.'), as the seed does for its big soups.",
    };

    /// <summary>Writes a UNet's ONNX file and says so.</summary>
    public static void WriteOnnx(ParseResult parse, string path, UNetWeights weights, string description, bool keepPRelu)
    {
        UNetOnnx.Save(path, weights, description, new UNetOnnxOptions { PReluAsLeakyRelu = !keepPRelu });
        parse.InvocationConfiguration.Output.WriteLine(
            $"Wrote {path}: UNet {weights.Architecture}, {weights.Architecture.ParameterCount:N0} parameters, " +
            $"input '{UNetOnnx.InputName}' (N,{weights.Architecture.InputChannels},D,H,W), output '{UNetOnnx.OutputName}' (N,{weights.Architecture.OutputChannels},D,H,W); " +
            $"D, H, W multiples of {weights.Architecture.SpatialMultiple}.");
    }
}
