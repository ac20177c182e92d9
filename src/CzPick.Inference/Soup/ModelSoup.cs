using CzPick.Inference.Torch;

namespace CzPick.Inference.Soup;

/// <summary>
/// A uniform model soup: the element-wise mean of several fine-tuned networks of one architecture, as the seed's
/// soups were made (<c>torch.mean(torch.stack([sd[key] for sd in state_dicts]), dim=0)</c> per key).
/// </summary>
public static class ModelSoup
{
    /// <summary>Averages state dicts that share their keys and shapes.</summary>
    /// <param name="members">Each member's state dict and the file it came from (named in errors).</param>
    /// <returns>A float32 state dict in the first member's key order.</returns>
    /// <exception cref="ArgumentException">There are no members.</exception>
    /// <exception cref="WeightsMismatchException">A member's keys, shapes or types differ from the first member's.</exception>
    public static TorchStateDict Average(IReadOnlyList<(TorchStateDict StateDict, string Source)> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            throw new ArgumentException("A soup needs at least one member.", nameof(members));
        }

        (TorchStateDict first, string firstSource) = members[0];
        foreach ((TorchStateDict member, string source) in members)
        {
            CheckMatches(member, source, first, firstSource);
        }

        List<KeyValuePair<string, TorchTensor>> averaged = [];
        double[] sum = [];
        foreach ((string key, TorchTensor reference) in first.Entries)
        {
            // Sum in double, then round once: the mean of float32 values, correctly rounded whatever the count.
            Array.Resize(ref sum, checked((int)reference.ElementCount));
            Array.Clear(sum);
            foreach ((TorchStateDict member, _) in members)
            {
                float[] values = member.ByKey[key].ToSingles();
                for (int index = 0; index < values.Length; index++)
                {
                    sum[index] += values[index];
                }
            }

            float[] mean = new float[sum.Length];
            for (int index = 0; index < mean.Length; index++)
            {
                mean[index] = (float)(sum[index] / members.Count);
            }

            averaged.Add(new(key, TorchTensor.FromSingles([.. reference.Shape], mean)));
        }

        return new TorchStateDict(averaged);
    }

    static void CheckMatches(TorchStateDict member, string source, TorchStateDict first, string firstSource)
    {
        List<string> problems = [];
        foreach ((string key, TorchTensor tensor) in member.Entries)
        {
            if (!first.ByKey.TryGetValue(key, out TorchTensor? reference))
            {
                problems.Add($"unexpected key '{key}'");
            }
            else if (!tensor.Shape.SequenceEqual(reference.Shape))
            {
                problems.Add($"'{key}' has shape {TorchTensor.FormatShape(tensor.Shape)} here but {TorchTensor.FormatShape(reference.Shape)} in {firstSource}");
            }
            else if (!tensor.DataType.IsFloatingPoint())
            {
                problems.Add($"'{key}' holds {tensor.DataType} values; only floating-point weights can be averaged");
            }
        }

        problems.AddRange(first.Entries.Where(entry => !member.ByKey.ContainsKey(entry.Key)).Select(entry => $"missing key '{entry.Key}'"));
        if (problems.Count > 0)
        {
            throw new WeightsMismatchException(source, $"the first soup member {firstSource}", problems);
        }
    }
}
