using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using CzPick.Core.Copick;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Phantoms;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick phantom`: synthetic tomograms with ground truth. Writes <c>{out}/{run}.mrc</c>, the truth as a copick
/// overlay at <c>{out}/truth/ExperimentRuns/{run}/Picks/curation_0_{object}.json</c> and, with <c>--labels</c>, a
/// label map per run at <c>{out}/labels/{run}.mrc</c> (int8, the particle's label in a ball around each centre).
/// </summary>
static class PhantomCommand
{
    /// <summary>The copick user of the truth: the CZII curated picks' user, which training scripts look for.</summary>
    public const string TruthUser = "curation";

    /// <summary>The copick session of the truth.</summary>
    public const string TruthSession = "0";

    /// <summary>The flag that sets each option the generator validates, to name it in errors.</summary>
    static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        [nameof(PhantomOptions.Shape)] = "--shape",
        [nameof(PhantomOptions.VoxelSpacingAngstrom)] = "--voxel-size",
        [nameof(PhantomOptions.SignalToNoiseRatio)] = "--snr",
        [nameof(PhantomOptions.Crowding)] = "--crowding",
        [nameof(PhantomOptions.MaxMembranes)] = "--membranes",
        [nameof(PhantomOptions.LabelRadiusFraction)] = "--label-fraction",
    };

    /// <summary>Gets the name of the run drawn from a seed: CZII-like (TS_…), and valid in copick paths.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <returns>For example "TS_phantom_7".</returns>
    public static string RunName(long seed) => string.Create(CultureInfo.InvariantCulture, $"TS_phantom_{seed}");

    public static Command Create()
    {
        PhantomOptions defaults = new();
        Option<string> output = new("--out")
        {
            Description = "The directory to write into: {run}.mrc, truth/ (a copick overlay), labels/ with --labels.",
            Required = true,
        };
        Option<int> runs = new("--runs") { Description = "How many phantoms to make; run i uses seed + i.", DefaultValueFactory = _ => 1 };
        Option<long> seed = new("--seed") { Description = "The first run's seed (≥ 0); runs are named TS_phantom_{seed}.", DefaultValueFactory = _ => 1 };
        Option<Shape3> shape = new("--shape")
        {
            Description = "The volume's extent in voxels, Z,Y,X.",
            DefaultValueFactory = _ => defaults.Shape,
            CustomParser = ShapeParser("--shape"),
        };
        Option<double> voxelSize = new("--voxel-size") { Description = "The voxel size in Å.", DefaultValueFactory = _ => defaults.VoxelSpacingAngstrom };
        Option<double> snr = new("--snr")
        {
            Description = "Per-voxel signal-to-noise ratio within the particles (mean square of the noise-free particle contrast over the noise variance); 'inf' for none.",
            DefaultValueFactory = _ => defaults.SignalToNoiseRatio,
            CustomParser = ParseRatio,
        };
        Option<double> crowding = new("--crowding")
        {
            Description = "Factor on the mean number of particles (about 150 per 184×630×630 volume at 1, scaled by volume).",
            DefaultValueFactory = _ => defaults.Crowding,
        };
        Option<int> membranes = new("--membranes") { Description = "The most membranes per run (each run draws 0 to this many).", DefaultValueFactory = _ => defaults.MaxMembranes };
        Option<bool> noIce = new("--no-ice") { Description = "Fill the volume with ice: no slab faces, no vacuum, no thickness gradient." };
        Option<bool> bright = new("--bright") { Description = "Draw dense matter bright instead of dark." };
        Option<bool> labels = new("--labels") { Description = "Also write a label map per run (int8 MRC) for training." };
        Option<double> labelFraction = new("--label-fraction")
        {
            Description = "The label balls' radius as a fraction of each particle's radius.",
            DefaultValueFactory = _ => defaults.LabelRadiusFraction,
        };
        Option<bool> overwrite = new("--overwrite") { Description = "Replace files that exist." };

        Command command = new("phantom", "Make synthetic tomograms of the six CZII particles with ground truth (copick picks) and, optionally, label maps.")
        {
            output, runs, seed, shape, voxelSize, snr, crowding, membranes, noIce, bright, labels, labelFraction, overwrite,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            PhantomOptions options = new()
            {
                Shape = parse.GetValue(shape),
                VoxelSpacingAngstrom = parse.GetValue(voxelSize),
                SignalToNoiseRatio = parse.GetValue(snr),
                Crowding = parse.GetValue(crowding),
                MaxMembranes = parse.GetValue(membranes),
                IceSlab = !parse.GetValue(noIce),
                DarkParticles = !parse.GetValue(bright),
                IncludeLabels = parse.GetValue(labels),
                LabelRadiusFraction = parse.GetValue(labelFraction),
            };
            return RunAsync(parse.GetValue(output)!, parse.GetValue(runs), parse.GetValue(seed), options, parse.GetValue(overwrite), parse.InvocationConfiguration.Output, cancellationToken);
        });
        return command;
    }

    /// <summary>Makes phantoms and writes them, their truth and their label maps; the one path of `czpick phantom` and `czpick demo`.</summary>
    /// <returns>The exit code, 0.</returns>
    public static async Task<int> RunAsync(string directory, int runs, long firstSeed, PhantomOptions options, bool overwrite, TextWriter output, CancellationToken cancellationToken)
    {
        if (runs < 1)
        {
            throw new UserErrorException($"--runs must be at least 1, not {runs}.");
        }

        if (firstSeed < 0 || firstSeed > long.MaxValue - runs)
        {
            throw new UserErrorException($"--seed must be between 0 and {long.MaxValue - runs} so that every run has a seed ≥ 0, not {firstSeed}.");
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException error)
        {
            // Name the flag, not the property, and drop the framework's "(Parameter '…')" suffix.
            string message = error.ParamName is { } name ? error.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : error.Message;
            string flag = error.ParamName is { } property && Flags.TryGetValue(property, out string? known) ? known + ": " : string.Empty;
            throw new UserErrorException(flag + message);
        }

        // Refuse before spending seconds per run on volumes that could not be written.
        for (int i = 0; i < runs && !overwrite; i++)
        {
            string run = RunName(firstSeed + i);
            foreach (string path in new[] { Path.Combine(directory, run + ".mrc"), Path.Combine(directory, "labels", run + ".mrc") }.Take(options.IncludeLabels ? 2 : 1))
            {
                if (File.Exists(path))
                {
                    throw new UserErrorException($"{path} already exists; pass --overwrite to replace it.");
                }
            }
        }

        Directory.CreateDirectory(directory);
        CopickOverlay truth = new(Path.Combine(directory, "truth"));
        string[] objects = [.. ParticleCatalog.Czii.Particles.Select(p => p.Name)];
        MrcWriteOptions volumeFormat = new() { Overwrite = overwrite };
        MrcWriteOptions labelFormat = new() { Overwrite = overwrite, Mode = MrcMode.Int8 };
        List<string> lines = [];
        await ConsoleProgress.RunAsync($"Making {runs} phantom(s)", async progress =>
        {
            for (int i = 0; i < runs; i++)
            {
                Stopwatch watch = Stopwatch.StartNew();
                long seed = firstSeed + i;
                string run = RunName(seed);
                Phantom phantom = PhantomGenerator.Generate(options, seed, run, cancellationToken: cancellationToken);
                string[] header = [$"czpick phantom seed {seed}", Describe(options)];
                string volumePath = Path.Combine(directory, run + ".mrc");
                volumeFormat.Labels = header;
                await MrcWriter.WriteAsync(volumePath, phantom.Volume, volumeFormat, cancellationToken);
                truth.WriteRun(run, TruthUser, TruthSession, options.VoxelSpacingAngstrom, objects, phantom.Truth);
                if (phantom.Labels is { } map)
                {
                    string labelsPath = Path.Combine(directory, "labels", run + ".mrc");
                    Directory.CreateDirectory(Path.GetDirectoryName(labelsPath)!);
                    labelFormat.Labels = [$"czpick phantom labels seed {seed}", .. objects.Select((name, k) => $"{k + 1} {name}").Take(9)];
                    await WriteLabelsAsync(labelsPath, map, phantom.Volume.Info, labelFormat, cancellationToken);
                }

                lines.Add(Summarize(run, phantom, watch.Elapsed));
                progress?.Report((i + 1.0) / runs);
            }

            return 0;
        });

        foreach (string line in lines)
        {
            output.WriteLine(line);
        }

        output.WriteLine($"volumes in {Path.GetFullPath(directory)}; truth in {truth.Root} (user {TruthUser}, session {TruthSession})" +
            (options.IncludeLabels ? $"; label maps in {Path.GetFullPath(Path.Combine(directory, "labels"))}" : string.Empty));
        return 0;
    }

    /// <summary>Writes a label map as int8, a few sections at a time, converting from bytes on the way.</summary>
    static async Task WriteLabelsAsync(string path, byte[] labels, VolumeInfo info, MrcWriteOptions format, CancellationToken cancellationToken)
    {
        await using MrcWriter writer = MrcWriter.Create(path, info.Shape, info.VoxelSize, format);
        int sectionLength = checked((int)info.Shape.SectionVoxelCount);
        int sectionsPerWrite = Math.Max(1, (4 << 20) / sectionLength);
        float[] buffer = new float[sectionsPerWrite * sectionLength];
        for (int z = 0; z < info.Shape.Z; z += sectionsPerWrite)
        {
            int count = Math.Min(sectionsPerWrite, info.Shape.Z - z) * sectionLength;
            ReadOnlySpan<byte> source = labels.AsSpan(z * sectionLength, count);
            for (int i = 0; i < count; i++)
            {
                buffer[i] = source[i];
            }

            await writer.WriteSectionsAsync(buffer.AsMemory(0, count), cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
    }

    static string Describe(PhantomOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"snr {options.SignalToNoiseRatio:G3} crowding {options.Crowding:G3} membranes<={options.MaxMembranes} ice {(options.IceSlab ? "slab" : "full")} {(options.DarkParticles ? "dark" : "bright")}");

    static string Summarize(string run, Phantom phantom, TimeSpan elapsed)
    {
        IEnumerable<string> counts = ParticleCatalog.Czii.Particles.Select(p => $"{p.Name} {phantom.Truth.Count(t => t.Particle == p.Name)}");
        string unplaced = phantom.UnplacedCount > 0 ? $", {phantom.UnplacedCount} did not fit" : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{run}: {phantom.Truth.Count} particles ({string.Join(", ", counts)}){unplaced}; noise σ {phantom.NoiseStandardDeviation:F3}; {elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Parses a volume's extent given as Z,Y,X, naming the option in errors.</summary>
    /// <param name="flag">The option, e.g. "--shape".</param>
    /// <returns>The parser.</returns>
    public static Func<ArgumentResult, Shape3> ShapeParser(string flag) => result =>
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 3 &&
            int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int z) &&
            int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int y) &&
            int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int x) &&
            z > 0 && y > 0 && x > 0)
        {
            return new Shape3(z, y, x);
        }

        result.AddError($"{flag} must be three positive integers Z,Y,X (e.g. 184,630,630), not '{text}'.");
        return default;
    };

    static double ParseRatio(ArgumentResult result)
    {
        string text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        if (text.Equals("inf", StringComparison.OrdinalIgnoreCase) || text.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double ratio) && ratio > 0)
        {
            return ratio;
        }

        result.AddError($"--snr must be a positive number or 'inf' (no noise), not '{text}'.");
        return 0;
    }
}
