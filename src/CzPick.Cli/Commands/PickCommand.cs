using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CzPick.Cli.Bench;
using CzPick.Core.Blocks;
using CzPick.Core.Copick;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Runtime;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick pick FILE… --out DIR` or `czpick pick --copick CONFIG.json`: picks particles in tomograms on this machine
/// with an ensemble, a thin host over the engine's <see cref="VolumePicker"/> and the ensemble's
/// <see cref="EnsemblePredictor"/>. Files are picked into a copick overlay at --out; a copick project's runs are picked
/// into the project's own overlay root. With --out, it also writes one picks.csv for every run of the call and a
/// summary per run. Each file appears under its final name only when it is complete.
/// </summary>
static class PickCommand
{
    /// <summary>The tomogram type picked in a copick project without --tomo-type: the data portal's denoised reconstructions.</summary>
    public const string DefaultTomoType = "denoised";

    /// <summary>The model used without --model: the sample ensemble shipped next to the executable.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "models", "sample");

    public static Command Create()
    {
        Argument<string[]> files = new("files") { Description = "The tomograms: MRC files or OME-Zarr stores (e.g. TS_5_4.zarr); or none, with --copick.", Arity = ArgumentArity.ZeroOrMore };
        Option<string?> output = new("--out")
        {
            Description = "The output directory: a copick overlay of the files' picks (ExperimentRuns/{run}/Picks/{user}_{session}_{object}.json), picks.csv of every run, and {run}/summary.json. " +
                "With --copick the picks go into the project's overlay root, and --out (optional) gets picks.csv and the summaries.",
        };
        Option<string?> copick = new("--copick") { Description = "A copick project config (filesystem): picks its runs' tomograms and writes the picks into its overlay root." };
        Option<string?> runs = new("--runs") { Description = "With --copick: the runs to pick, comma-separated (e.g. TS_5_4,TS_6_4); every run of the project by default." };
        Option<string?> tomoType = new("--tomo-type") { Description = $"With --copick: the tomogram type to pick ({{tomo_type}}.zarr); {DefaultTomoType} by default." };
        Option<double?> voxelSpacing = new("--voxel-spacing") { Description = $"With --copick: the voxel spacing in Å of the tomograms to pick (VoxelSpacing{{spacing:.3f}}); {VoxelSizeAngstrom.CziiSpacing.ToString(CultureInfo.InvariantCulture)} by default." };
        Option<string?> model = new("--model") { Description = "The model directory (ensemble.json and its .onnx members); the shipped sample model by default." };
        Option<string> device = DeviceOption();
        Option<string?> tta = ModelCommand.TtaOption();
        Option<bool> fuse = new("--fuse") { Description = "Run the members and TTA passes as one fused ONNX graph, one Run per window." };
        Option<string?> user = new("--user") { Description = $"The copick user id of the picks files: the project config's user_id with --copick, else {CopickProject.DefaultUserId}." };
        Option<string?> session = new("--session") { Description = $"The copick session id of the picks files: the project config's session_id with --copick, else {CopickProject.DefaultSessionId}." };
        Option<int> threads = new("--threads") { Description = "CPU threads per network run; 0 for one per core.", DefaultValueFactory = _ => 0 };
        Option<int?> memory = new("--memory-mb") { Description = "Memory the blocks being picked may hold together (MB), besides the networks'; sets the block size." };
        Option<int?> blocks = new("--blocks") { Description = "Cut each volume into at least N blocks, as the pipeline does with CzPick__Runs__BlockCount: the same blocks, so the same picks. By default the memory sets the blocks." };
        Option<bool> json = new("--json") { Description = "Print a JSON object with the call's figures (per run, time inside ONNX Runtime, peak memory) as the last line." };
        Command command = new("pick", "Pick particles in tomograms or a copick project's runs with an ensemble of 3D UNets; writes copick picks, and with --out picks.csv and a summary per run.")
        {
            files, output, copick, runs, tomoType, voxelSpacing, model, device, tta, fuse, user, session, threads, memory, blocks, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? config = parse.GetValue(copick);
            string? runList = parse.GetValue(runs);
            string? type = parse.GetValue(tomoType);
            double? spacing = parse.GetValue(voxelSpacing);
            if (config is null && (runList is not null || type is not null || spacing is not null))
            {
                throw new UserErrorException("--runs, --tomo-type and --voxel-spacing choose tomograms of a copick project; pass --copick CONFIG.json with them.");
            }

            await RunAsync(
                new PickRequest(
                    parse.GetValue(files) ?? [],
                    config is null ? null : new CopickSelection(config, runList is null ? null : ParseRuns(runList), type ?? DefaultTomoType, spacing ?? VoxelSizeAngstrom.CziiSpacing),
                    parse.GetValue(output),
                    parse.GetValue(model) ?? DefaultModelDirectory,
                    new InferenceOptions
                    {
                        Device = ExecutionDevices.Parse(parse.GetValue(device)!),
                        FuseMembers = parse.GetValue(fuse),
                        IntraOpThreads = parse.GetValue(threads),
                    },
                    parse.GetValue(tta),
                    parse.GetValue(user),
                    parse.GetValue(session),
                    parse.GetValue(memory),
                    parse.GetValue(blocks),
                    parse.GetValue(json)),
                parse.InvocationConfiguration.Output,
                cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>The --device option, shared by the verbs that run the networks.</summary>
    public static Option<string> DeviceOption() => new Option<string>("--device")
    {
        Description = "Where the networks run: auto (TensorRT, else CUDA, else the CPU), cpu, cuda or tensorrt.",
        DefaultValueFactory = _ => "auto",
    }.AcceptOnlyFromAmong([.. ExecutionDevices.All]);

    /// <summary>Picks every tomogram of a request and writes its outputs; the one path of `czpick pick` and `czpick demo`.</summary>
    /// <returns>Each run's picks and figures, in input order.</returns>
    public static async Task<IReadOnlyList<RunResult>> RunAsync(PickRequest request, TextWriter console, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        CheckRequest(request);
        EnsembleManifest manifest = ModelCommand.LoadEnsemble(request.Model, request.Tta);
        BlockPickerOptions pickerOptions = manifest.CreateBlockPickerOptions();
        ParticleCatalog catalog = pickerOptions.Catalog;

        // Every header is read before the networks load, so a bad file or a missing run fails the call at once.
        List<PickTarget> targets = [];
        try
        {
            PickDestination destination = request.Copick is CopickSelection selection
                ? await OpenCopickRunsAsync(request, selection, catalog, targets, cancellationToken)
                : await OpenFilesAsync(request, catalog, targets, cancellationToken);
            string? twice = targets.GroupBy(t => t.Run, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice is not null)
            {
                throw new UserErrorException($"Two inputs are run {twice}; runs are named after their files, so give each tomogram its own name.");
            }

            StderrLogger logger = new(LogLevel.Warning);
            using EnsemblePredictor predictor = new(manifest, request.Inference, logger);
            VolumePickerOptions options = new()
            {
                Picker = pickerOptions,

                // One network run already uses every core; a second block at once would only double the memory.
                // On a GPU a second block keeps it busy while the CPU blends and picks the first.
                MaxConcurrentBlocks = predictor.Device == ExecutionDevice.Cpu ? 1 : 2,
            };
            if (request.MemoryMb is int megabytes)
            {
                options = options with { MemoryBudgetBytes = megabytes * (1L << 20) };
            }

            if (request.Blocks is int count)
            {
                options = options with { BlockCount = count };
            }

            VolumePicker picker = new(predictor, options);
            List<RunResult> results = [];
            foreach (PickTarget target in targets)
            {
                WarnIfSpacingDiffers(logger, target, manifest);
                results.Add(await PickRunAsync(request, destination, manifest, catalog, picker, predictor, target, cancellationToken));
                console.WriteLine(Describe(results[^1], destination.Overlay));
            }

            if (request.Output is string directory)
            {
                string csv = Path.Combine(directory, "picks.csv");
                AtomicFile.Write(csv, temporary => CompetitionCsvWriter.WriteFile(temporary, results.Select(r => KeyValuePair.Create(r.Run, r.Picks))));
                console.WriteLine($"Wrote {csv}: {results.Sum(r => r.Picks.Count)} picks of {results.Count} run{(results.Count == 1 ? string.Empty : "s")}.");
            }

            if (request.Json)
            {
                console.WriteLine(JsonSerializer.Serialize(new
                {
                    runs = results.Select(r => new { run = r.Run, picks = r.Picks.Count, seconds = r.Seconds, stages = r.Summary.TimingsSeconds }),
                    device = predictor.Device.Name(),
                    windows = predictor.Statistics.Windows,
                    onnx_runs = predictor.Statistics.Runs,
                    onnx_seconds = predictor.Statistics.RunTime.TotalSeconds,
                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                    cpu_seconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
                    peak_rss_mb = BenchContext.PeakMemoryBytes() / 1e6,
                }));
            }

            return results;
        }
        finally
        {
            targets.ForEach(target => target.Source.Dispose());
        }
    }

    /// <summary>Refuses a request that cannot run, before anything is read: inputs, ids, memory budget and model directory.</summary>
    public static void CheckRequest(PickRequest request)
    {
        if (request.Copick is not null && request.Files.Count > 0)
        {
            throw new UserErrorException($"Pass tomogram files or --copick CONFIG.json, not both ({request.Files.Count} file{(request.Files.Count == 1 ? string.Empty : "s")} given with --copick).");
        }

        if (request.Copick is null && request.Files.Count == 0)
        {
            throw new UserErrorException("No tomograms: pass MRC files or OME-Zarr stores with --out DIR, or a copick project with --copick CONFIG.json.");
        }

        if (request.Copick is null && request.Output is null)
        {
            throw new UserErrorException("--out DIR is required with tomogram files: it receives their copick picks, picks.csv and the summaries.");
        }

        try
        {
            CopickNames.ThrowIfInvalidName(request.User ?? CopickProject.DefaultUserId, "user id");
            CopickNames.ThrowIfInvalidName(request.Session ?? CopickProject.DefaultSessionId, "session id");
        }
        catch (ArgumentException error)
        {
            throw new UserErrorException($"--user/--session: {error.Message}");
        }

        if (request.MemoryMb is <= 0)
        {
            throw new UserErrorException($"--memory-mb must be positive, not {request.MemoryMb}.");
        }

        if (request.Blocks is <= 0)
        {
            throw new UserErrorException($"--blocks must be positive, not {request.Blocks}.");
        }

        if (!Directory.Exists(request.Model) && !File.Exists(request.Model))
        {
            throw new UserErrorException(request.Model == DefaultModelDirectory
                ? $"The sample model is not in this build ({request.Model}); pass --model DIR, a directory with ensemble.json and its .onnx members."
                : $"--model {request.Model}: no such directory; expected a directory with ensemble.json and its .onnx members.");
        }
    }

    /// <summary>Opens the files given; their picks go into the overlay at --out, one file per particle the model picks.</summary>
    static async Task<PickDestination> OpenFilesAsync(PickRequest request, ParticleCatalog catalog, List<PickTarget> targets, CancellationToken cancellationToken)
    {
        foreach (string file in request.Files)
        {
            IVolumeSource source = await VolumeSources.OpenAsync(file, cancellationToken: cancellationToken);
            targets.Add(new PickTarget(source.Info.Name, file, source));
        }

        return new PickDestination(
            new CopickOverlay(request.Output!),
            request.User ?? CopickProject.DefaultUserId,
            request.Session ?? CopickProject.DefaultSessionId,
            [.. catalog.Particles.Where(p => p.IsPicked).Select(p => p.Name)]);
    }

    /// <summary>
    /// Opens the chosen runs' tomograms of a copick project, found as copick finds them (static root first); their
    /// picks go into the project's overlay, one file per particle both the model picks and the config names.
    /// </summary>
    static async Task<PickDestination> OpenCopickRunsAsync(PickRequest request, CopickSelection selection, ParticleCatalog catalog, List<PickTarget> targets, CancellationToken cancellationToken)
    {
        if (!File.Exists(selection.Config))
        {
            throw new UserErrorException($"--copick {selection.Config}: no such file; expected a copick project config JSON (pickable_objects, overlay_root, static_root).");
        }

        CopickProject project = CopickProject.Open(selection.Config);
        string[] objects = [.. catalog.Particles.Where(p => p.IsPicked && project.Catalog.TryGet(p.Name, out _)).Select(p => p.Name)];
        if (objects.Length == 0)
        {
            throw new UserErrorException(
                $"--copick {project.ConfigPath}: none of its particles ({string.Join(", ", project.Catalog.Particles.Select(p => p.Name))}) is one the model picks " +
                $"({string.Join(", ", catalog.Particles.Where(p => p.IsPicked).Select(p => p.Name))}); expected pickable_objects with those names.");
        }

        IReadOnlyList<string> all = project.Runs();
        string roots = project.StaticIsOverlay ? project.OverlayRoot : $"{project.StaticRoot} and {project.OverlayRoot}";
        if (all.Count == 0)
        {
            throw new UserErrorException($"--copick {project.ConfigPath}: the project has no runs (no directories under {CopickOverlay.RunsDirectory}/ of {roots}).");
        }

        foreach (string run in selection.Runs ?? all)
        {
            if (!all.Contains(run, StringComparer.Ordinal))
            {
                throw new UserErrorException($"--runs: the copick project has no run {run} (under {CopickOverlay.RunsDirectory}/ of {roots}); its runs: {Listed(all)}.");
            }

            CopickTomogram tomogram = project.FindTomogram(run, selection.VoxelSpacing, selection.TomoType)
                ?? throw new UserErrorException(MissingTomogram(project, run, selection));
            IVolumeSource source = await VolumeSources.OpenAsync(tomogram.Path, cancellationToken: cancellationToken);
            targets.Add(new PickTarget(run, tomogram.Path, source));
        }

        return new PickDestination(
            project.Overlay,
            request.User ?? project.UserId ?? CopickProject.DefaultUserId,
            request.Session ?? project.SessionId ?? CopickProject.DefaultSessionId,
            objects);
    }

    static string MissingTomogram(CopickProject project, string run, CopickSelection selection)
    {
        IReadOnlyList<CopickTomogram> present = project.Tomograms(run);
        string has = present.Count == 0
            ? "it has no tomograms"
            : "it has " + string.Join(", ", present.Select(t => $"{t.TomoType} at {FormatSpacing(t.VoxelSpacing)} Å"));
        return $"Run {run} has no {selection.TomoType} tomogram at voxel spacing {FormatSpacing(selection.VoxelSpacing)} Å " +
            $"(expected {CopickOverlay.RunsDirectory}/{run}/VoxelSpacing{FormatSpacing(selection.VoxelSpacing)}/{selection.TomoType}.zarr); {has}. Choose one with --tomo-type and --voxel-spacing.";
    }

    /// <summary>A voxel spacing as copick writes it in directory names: three decimals.</summary>
    static string FormatSpacing(double spacing) => spacing.ToString("F3", CultureInfo.InvariantCulture);

    static string Listed(IReadOnlyList<string> runs) =>
        runs.Count <= 10 ? string.Join(", ", runs) : $"{string.Join(", ", runs.Take(10))} and {runs.Count - 10} more";

    static IReadOnlyList<string> ParseRuns(string text)
    {
        string[] runs = [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
        return runs.Length > 0 ? runs : throw new UserErrorException($"--runs '{text}' names no run; expected run names separated by commas, e.g. TS_5_4,TS_6_4.");
    }

    static async Task<RunResult> PickRunAsync(
        PickRequest request, PickDestination destination, EnsembleManifest manifest, ParticleCatalog catalog, VolumePicker picker, EnsemblePredictor predictor, PickTarget target, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        TimeSpan inferenceBefore = predictor.Statistics.RunTime;
        VolumePickResult result = await ConsoleProgress.RunAsync($"Picking {target.Run}", progress => picker.PickAsync(
            target.Source,
            progress is null ? null : new Progress<VolumePickProgress>(p => progress.Report(p.Stage == VolumePickStage.Statistics ? 0.05 * p.Fraction : 0.05 + (0.95 * p.Fraction))),
            cancellationToken));
        TimeSpan inference = predictor.Statistics.RunTime - inferenceBefore;

        // A copick project's config may name fewer particles than the model picks; what copick cannot show is not written anywhere.
        IReadOnlyList<Pick> picks = [.. result.Picks.Where(p => destination.Objects.Contains(p.Particle, StringComparer.Ordinal))];
        long writing = Stopwatch.GetTimestamp();
        WritePicks(destination, target.Run, target.Source.Info.VoxelSize.X, picks);
        BlockPickTimings timings = result.Timings;
        Dictionary<string, double> seconds = new(StringComparer.Ordinal)
        {
            ["statistics"] = result.StatisticsTime.TotalSeconds,
            ["read"] = timings.Read.TotalSeconds,
            ["normalize"] = timings.Normalize.TotalSeconds,
            ["inference"] = inference.TotalSeconds,
            ["blend"] = Math.Max(0, (timings.Blend - inference).TotalSeconds),
            ["softmax"] = timings.Softmax.TotalSeconds,
            ["pick"] = timings.Pick.TotalSeconds,
            ["write"] = Stopwatch.GetElapsedTime(writing).TotalSeconds,
        };
        seconds["total"] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        RunSummary summary = new(
            target.Run,
            DateTimeOffset.UtcNow,
            RunSummary.CurrentVersion,
            new RunSummaryInput(Path.GetFullPath(target.Path), target.Source.Info.Shape, target.Source.Info.VoxelSize),
            new RunSummaryModel(manifest.Name, [.. manifest.Members.Select(m => m.File)]),
            RunSummary.CountPicks(catalog, picks),
            seconds);

        // The summary goes last: a run whose summary.json exists has all its outputs.
        if (request.Output is string directory)
        {
            AtomicFile.Write(Path.Combine(directory, target.Run, "summary.json"), temporary => RunSummaryJson.Write(temporary, summary));
        }

        return new RunResult(target.Run, picks, summary, seconds["total"]);
    }

    /// <summary>Writes the run's copick files beside the overlay's runs, then moves each to its place: none is ever seen half-written.</summary>
    static void WritePicks(PickDestination destination, string run, double voxelSpacing, IReadOnlyList<Pick> picks)
    {
        CopickOverlay overlay = destination.Overlay;
        string staging = Path.Combine(overlay.Root, $".czpick-{run}-{Environment.ProcessId}.tmp");
        try
        {
            CopickOverlay staged = new(staging);
            foreach (string file in staged.WriteRun(run, destination.User, destination.Session, voxelSpacing, destination.Objects, picks))
            {
                string final = Path.Combine(overlay.Root, Path.GetRelativePath(staged.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(final)!);
                File.Move(file, final, overwrite: true);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    static void WarnIfSpacingDiffers(ILogger logger, PickTarget target, EnsembleManifest manifest)
    {
        VoxelSizeAngstrom size = target.Source.Info.VoxelSize;
        double ratio = size.X / manifest.VoxelSpacing;
        if (Math.Abs(ratio - 1) > 0.05)
        {
            logger.LogWarning(
                "{Run}: voxel size {Size} differs from the {Spacing} Å the model was trained at; particles will look {Scale:F2}× their trained size (check the header, or resample the tomogram)",
                target.Run,
                size,
                manifest.VoxelSpacing.ToString("0.###", CultureInfo.InvariantCulture),
                1 / ratio);
        }
    }

    static string Describe(RunResult result, CopickOverlay overlay) =>
        $"{result.Run}: {result.Picks.Count} picks ({string.Join(", ", result.Summary.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"))}) " +
        $"in {result.Seconds:F1} s → {Path.Combine(overlay.Root, CopickOverlay.RunsDirectory, result.Run, CopickOverlay.PicksDirectory)}";
}

/// <summary>What the user asked `czpick pick` for.</summary>
/// <param name="Files">The tomogram files or stores; none with <paramref name="Copick"/>.</param>
/// <param name="Copick">The copick project and the tomograms of it to pick; null for files.</param>
/// <param name="Output">Where picks.csv and the summaries go (and the files' copick picks); null for none (copick projects only).</param>
/// <param name="Model">The model directory.</param>
/// <param name="Inference">Where and how the networks run.</param>
/// <param name="Tta">The TTA passes, as --tta spells them; null for the model's.</param>
/// <param name="User">The copick user id; null for the project config's, else the default.</param>
/// <param name="Session">The copick session id; null for the project config's, else the default.</param>
/// <param name="MemoryMb">The memory budget of the blocks; null for the default.</param>
/// <param name="Blocks">The least number of blocks per volume (the pipeline's block count); null to size blocks by memory.</param>
/// <param name="Json">Whether to print the call's figures as JSON.</param>
sealed record PickRequest(
    IReadOnlyList<string> Files,
    CopickSelection? Copick,
    string? Output,
    string Model,
    InferenceOptions Inference,
    string? Tta,
    string? User,
    string? Session,
    int? MemoryMb,
    int? Blocks,
    bool Json);

/// <summary>Which tomograms of a copick project to pick: <c>ExperimentRuns/{run}/VoxelSpacing{spacing:.3f}/{tomo_type}.zarr</c>.</summary>
/// <param name="Config">The project's config file.</param>
/// <param name="Runs">The runs; null for all.</param>
/// <param name="TomoType">The tomogram type.</param>
/// <param name="VoxelSpacing">The voxel spacing in Å.</param>
sealed record CopickSelection(string Config, IReadOnlyList<string>? Runs, string TomoType, double VoxelSpacing);

/// <summary>One tomogram opened for picking.</summary>
/// <param name="Run">The run it is: the file's name, or the copick run.</param>
/// <param name="Path">The file or store, as its summary names it.</param>
/// <param name="Source">The volume.</param>
sealed record PickTarget(string Run, string Path, IVolumeSource Source);

/// <summary>Where a call's copick picks go.</summary>
/// <param name="Overlay">The overlay root.</param>
/// <param name="User">The user id of the files.</param>
/// <param name="Session">The session id of the files.</param>
/// <param name="Objects">The particles written, one file each per run.</param>
sealed record PickDestination(CopickOverlay Overlay, string User, string Session, IReadOnlyList<string> Objects);

/// <summary>One run's picks and figures.</summary>
/// <param name="Run">The run.</param>
/// <param name="Picks">The picks written.</param>
/// <param name="Summary">The run's summary (written to --out/{run}/summary.json when there is an --out).</param>
/// <param name="Seconds">The time the run took.</param>
sealed record RunResult(string Run, IReadOnlyList<Pick> Picks, RunSummary Summary, double Seconds);
