using CzPick.Inference.Torch;

namespace CzPick.Inference.UNet;

/// <summary>The weights taken from a state dict, and which of its keys were used.</summary>
/// <param name="Weights">The weights.</param>
/// <param name="KeyPrefix">The prefix the used keys carry before MONAI's names: empty, <c>model.</c> or <c>ema_model.module.</c>.</param>
/// <param name="IgnoredKeys">Keys outside the prefix that were left aside: the other copy (raw or EMA), or other
/// modules of a Lightning module (losses, metrics).</param>
public sealed record UNetStateDictSelection(UNetWeights Weights, string KeyPrefix, IReadOnlyList<string> IgnoredKeys);

/// <summary>
/// Takes a MONAI UNet's weights out of a state dict as the seed's soups store them: plain MONAI keys
/// (<c>model.0…</c>), a Lightning module's (<c>model.model.0…</c>), or the EMA copy the seed's training keeps beside
/// them (<c>ema_model.module.model.0…</c>), and checks every key and shape under the chosen prefix against the
/// architecture: none missing, none unexpected, every shape equal.
/// </summary>
public static class UNetStateDict
{
    /// <summary>The prefix a LightningModule whose network is <c>self.model</c> puts before MONAI's keys.</summary>
    public const string LightningPrefix = "model.";

    /// <summary>The prefix of the EMA copy (<c>self.ema_model = EMA(self.model)</c>, its network at <c>.module</c>).</summary>
    public const string EmaPrefix = "ema_model.module.";

    /// <summary>Selects and checks the weights of one UNet.</summary>
    /// <param name="stateDict">The state dict.</param>
    /// <param name="architecture">The architecture the weights must fit.</param>
    /// <param name="useEma">Whether to take the EMA copy instead of the raw weights.</param>
    /// <param name="source">The file, named in errors.</param>
    /// <returns>The weights and the keys used.</returns>
    /// <exception cref="WeightsMismatchException">A key is missing or unexpected, or a shape or type differs.</exception>
    public static UNetStateDictSelection Select(TorchStateDict stateDict, UNetArchitecture architecture, bool useEma, string source)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        ArgumentNullException.ThrowIfNull(architecture);
        string expectation = $"UNet {architecture}";
        IEnumerable<string> keys = stateDict.Entries.Select(entry => entry.Key);
        string prefix;
        if (useEma)
        {
            if (!keys.Any(key => key.StartsWith(EmaPrefix, StringComparison.Ordinal)))
            {
                throw new WeightsMismatchException(source, expectation, [$"it holds no EMA weights (no key starts with '{EmaPrefix}'); import it without --ema"]);
            }

            prefix = EmaPrefix;
        }
        else
        {
            prefix = keys.Any(key => key.StartsWith(LightningPrefix + "model.", StringComparison.Ordinal)) ? LightningPrefix : string.Empty;
        }

        List<string> problems = [];
        List<string> ignored = [];
        Dictionary<string, float[]> values = new(StringComparer.Ordinal);
        Dictionary<string, UNetParameter> parameters = architecture.Parameters.ToDictionary(p => p.Key, StringComparer.Ordinal);
        foreach ((string key, TorchTensor tensor) in stateDict.Entries)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal))
            {
                // Outside the network's namespace: the other copy (raw or EMA), or a Lightning module's losses and
                // metrics. Within it, every key must be the architecture's.
                ignored.Add(key);
            }
            else if (!parameters.TryGetValue(key[prefix.Length..], out UNetParameter parameter))
            {
                problems.Add($"unexpected key '{key}' of shape {TorchTensor.FormatShape(tensor.Shape)}");
            }
            else if (!tensor.Shape.SequenceEqual(parameter.Shape))
            {
                problems.Add($"'{key}' has shape {TorchTensor.FormatShape(tensor.Shape)} in the file but {TorchTensor.FormatShape(parameter.Shape)} in the architecture");
            }
            else if (!tensor.DataType.IsFloatingPoint())
            {
                problems.Add($"'{key}' holds {tensor.DataType} values; expected floating-point weights");
            }
            else
            {
                values.Add(parameter.Key, tensor.ToSingles());
            }
        }

        problems.AddRange(architecture.Parameters
            .Where(p => !stateDict.ByKey.ContainsKey(prefix + p.Key))
            .Select(p => $"missing key '{prefix}{p.Key}' of shape {TorchTensor.FormatShape(p.Shape)}"));
        if (problems.Count > 0)
        {
            throw new WeightsMismatchException(source, expectation, problems);
        }

        return new UNetStateDictSelection(new UNetWeights(architecture, values), prefix, ignored);
    }
}
