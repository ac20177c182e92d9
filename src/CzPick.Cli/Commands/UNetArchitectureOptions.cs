using System.CommandLine;
using System.Globalization;
using CzPick.Inference.UNet;

namespace CzPick.Cli.Commands;

/// <summary>
/// How the `czpick model` verbs name a UNet: one of the seed's with --arch, or any other MONAI UNet with --channels
/// (and --strides, --res-units), such as the sample model's (16,32,64,64; 1 residual unit).
/// </summary>
sealed class UNetArchitectureOptions
{
    /// <summary>The name custom architectures carry in messages and model descriptions.</summary>
    public const string CustomName = "custom";

    /// <summary>Initializes a new instance of the <see cref="UNetArchitectureOptions"/> class.</summary>
    /// <param name="required">Whether the verb needs an architecture (model soup only does for an .onnx output).</param>
    public UNetArchitectureOptions(bool required)
    {
        this.Required = required;
        this.Architecture = new Option<string?>("--arch")
        {
            Description = "A seed UNet: tiny (32,64,128,128; 1 residual unit), medium (32,64,128,256; 2) or big (32,96,256,384; 2). Or describe another with --channels.",
        }.AcceptOnlyFromAmong([.. UNetArchitecture.Seed.Select(a => a.Name)]);
        this.Channels = new Option<string?>("--channels")
        {
            Description = "Instead of --arch: the channels of each level, top first (MONAI's channels), e.g. 16,32,64,64.",
        };
        this.Strides = new Option<string?>("--strides")
        {
            Description = "With --channels: the stride after each level but the last (MONAI's strides); by default 2 everywhere but 1 before the last level, as the seed's 2,2,1.",
        };
        this.ResidualUnits = new Option<int?>("--res-units")
        {
            Description = "With --channels: MONAI's num_res_units (the seed's tiny has 1, medium and big 2); 1 by default.",
        };
    }

    /// <summary>Gets whether an architecture must be given.</summary>
    public bool Required { get; }

    /// <summary>Gets the --arch option.</summary>
    public Option<string?> Architecture { get; }

    /// <summary>Gets the --channels option.</summary>
    public Option<string?> Channels { get; }

    /// <summary>Gets the --strides option.</summary>
    public Option<string?> Strides { get; }

    /// <summary>Gets the --res-units option.</summary>
    public Option<int?> ResidualUnits { get; }

    /// <summary>Gets the options, to add to a command.</summary>
    public IEnumerable<Option> All => [this.Architecture, this.Channels, this.Strides, this.ResidualUnits];

    /// <summary>Returns the architecture the options name.</summary>
    /// <param name="parse">The parsed command line.</param>
    /// <returns>The architecture, or null when none was given and none is required.</returns>
    /// <exception cref="UserErrorException">The options contradict each other or do not describe a valid UNet.</exception>
    public UNetArchitecture? Resolve(ParseResult parse)
    {
        string? name = parse.GetValue(this.Architecture);
        string? channels = parse.GetValue(this.Channels);
        string? strides = parse.GetValue(this.Strides);
        int? residualUnits = parse.GetValue(this.ResidualUnits);
        if (name is not null)
        {
            if (channels is not null || strides is not null || residualUnits is not null)
            {
                throw new UserErrorException($"--arch {name} fixes the channels, strides and residual units; give either --arch or --channels (with --strides, --res-units), not both.");
            }

            return UNetArchitecture.FromName(name);
        }

        if (channels is null)
        {
            if (strides is not null || residualUnits is not null)
            {
                throw new UserErrorException("--strides and --res-units describe a UNet together with --channels; add --channels, e.g. --channels 16,32,64,64.");
            }

            return this.Required
                ? throw new UserErrorException("Name the UNet: --arch tiny|medium|big, or --channels (e.g. --channels 16,32,64,64 --res-units 1).")
                : null;
        }

        if (residualUnits < 0)
        {
            throw new UserErrorException($"--res-units must be 0 or more, not {residualUnits}.");
        }

        int[] levels = ParseList(channels, "--channels");
        int[] steps = strides is null ? DefaultStrides(levels.Length) : ParseList(strides, "--strides");
        try
        {
            return new UNetArchitecture(CustomName, levels, steps, residualUnits ?? 1);
        }
        catch (ArgumentException error)
        {
            throw new UserErrorException($"--channels {channels}{(strides is null ? string.Empty : $" --strides {strides}")}: {FirstSentence(error.Message)}");
        }
    }

    /// <summary>The seed's pattern for any depth: halve at every level but the last, which keeps the size (2,2,1 for four levels).</summary>
    static int[] DefaultStrides(int levels) => [.. Enumerable.Range(0, Math.Max(0, levels - 1)).Select(i => i < levels - 2 ? 2 : 1)];

    static int[] ParseList(string text, string option)
    {
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        int[] values = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out values[i]) || values[i] <= 0)
            {
                throw new UserErrorException($"{option} '{text}' is not a comma-separated list of positive whole numbers, e.g. 16,32,64,64.");
            }
        }

        return values;
    }

    /// <summary>ArgumentException appends "(Parameter 'x')", which means nothing on a command line.</summary>
    static string FirstSentence(string message)
    {
        int parameter = message.IndexOf(" (Parameter '", StringComparison.Ordinal);
        return parameter < 0 ? message : message[..parameter];
    }
}
