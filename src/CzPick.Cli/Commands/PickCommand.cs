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
/// `czpick pick FILE… --out DIR`: picks particles in tomograms on this machine with an ensemble, a thin host over the
/// engine's <see cref="VolumePicker"/> and the ensemble's <see cref="EnsemblePredictor"/>. Writes a copick overlay,
/// one picks.csv for every run of the call, and a summary per run; each file appears under its final name only
/// when it is complete.
/// </summary>
static class PickCommand
{
    /// <summary>The model used without --model: the sample ensemble shipped next to the executable.</summary>
    public static string DefaultModelDirectory => Path.Combine(AppContext.BaseDirectory, "models", "sample");

    public static Command Create()
    {
        Argument<string[]> files = new("files") { Description = "The tomograms: MRC files or OME-Zarr stores (e.g. TS_5_4.zarr).", Arity = ArgumentArity.OneOrMore };
        Option<string> output = new("--out")
        {
            Description = "The output directory: a copick overlay (ExperimentRuns/{run}/Picks/{user}_{session}_{object}.json), picks.csv of every run, and {run}/summary.json.",
            Required = true,
        };
        Option<string?> model = new("--model") { Description = "The model directory (ensemble.json and its .onnx members); the shipped sample model by default." };
        Option<string> device = new Option<string>("--device")
        {
            Description = "Where the networks run: auto (TensorRT, else CUDA, else the CPU), cpu, cuda or tensorrt.",
            DefaultValueFactory = _ => "auto",
        }.AcceptOnlyFromAmong([.. ExecutionDevices.All]);
        Option<string?> tta = ModelCommand.TtaOption();
        Option<bool> fuse = new("--fuse") { Description = "Run the members and TTA passes as one fused ONNX graph, one Run per window." };
        Option<string> user = new("--user") { Description = "The copick user id of the picks files.", DefaultValueFactory = _ => "czpick" };
        Option<string> session = new("--session") { Description = "The copick session id of the picks files.", DefaultValueFactory = _ => "0" };
        Option<int> threads = new("--threads") { Description = "CPU threads per network run; 0 for one per core.", DefaultValueFactory = _ => 0 };
        Option<int?> memory = new("--memory-mb") { Description = "Memory the blocks being picked may hold together (MB), besides the networks'; sets the block size." };
        Option<int?> blocks = new("--blocks") { Description = "Cut each volume into at least N blocks, as the pipeline does with CzPick__Runs__BlockCount: the same blocks, so the same picks. By default the memory sets the blocks." };
        Option<bool> json = new("--json") { Description = "Print a JSON object with the call's figures (per run, time inside ONNX Runtime, peak memory) as the last line." };
        Command command = new("pick", "Pick particles in tomograms with an ensemble of 3D UNets; writes copick picks, picks.csv and a summary per run.")
        {
            files, output, model, device, tta, fuse, user, session, threads, memory, blocks, json,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            new PickRequest(
                parse.GetValue(files)!,
                parse.GetValue(output)!,
                parse.GetValue(model) ?? DefaultModelDirectory,
                new InferenceOptions
                {
                    Device = ExecutionDevices.Parse(parse.GetValue(device)!),
                    FuseMembers = parse.GetValue(fuse),
                    IntraOpThreads = parse.GetValue(threads),
                },
                parse.GetValue(tta),
                parse.GetValue(user)!,
                parse.GetValue(session)!,
                parse.GetValue(memory),
                parse.GetValue(blocks),
                parse.GetValue(json)),
            parse.InvocationConfiguration.Output,
            cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(PickRequest request, TextWriter console, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        CheckNames(request);
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

        EnsembleManifest manifest = ModelCommand.LoadEnsemble(request.Model, request.Tta);

        // Every header is read before the networks load, so a bad file fails the call at once.
        List<(string File, IVolumeSource Source)> sources = [];
        try
        {
            foreach (string file in request.Files)
            {
                sources.Add((file, await VolumeSources.OpenAsync(file, cancellationToken: cancellationToken)));
            }

            string? twice = sources.GroupBy(s => s.Source.Info.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
            if (twice is not null)
            {
                throw new UserErrorException($"Two inputs are run {twice}; runs are named after their files, so give each tomogram its own name.");
            }

            StderrLogger logger = new(LogLevel.Warning);
            using EnsemblePredictor predictor = new(manifest, request.Inference, logger);
            BlockPickerOptions pickerOptions = manifest.CreateBlockPickerOptions();
            ParticleCatalog catalog = pickerOptions.Catalog;
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
            foreach ((string file, IVolumeSource source) in sources)
            {
                WarnIfSpacingDiffers(logger, source.Info, manifest);
                results.Add(await PickRunAsync(request, manifest, catalog, picker, predictor, file, source, cancellationToken));
                console.WriteLine(Describe(results[^1], request.Output));
            }

            string csv = Path.Combine(request.Output, "picks.csv");
            WriteAtomically(csv, temporary => CompetitionCsvWriter.WriteFile(temporary, results.Select(r => KeyValuePair.Create(r.Run, r.Picks))));
            console.WriteLine($"Wrote {csv}: {results.Sum(r => r.Picks.Count)} picks of {results.Count} run{(results.Count == 1 ? string.Empty : "s")}.");
            if (request.Json)
            {
                console.WriteLine(JsonSerializer.Serialize(new
                {
                    runs = results.Select(r => new { run = r.Run, picks = r.Picks.Count, seconds = r.Seconds }),
                    device = predictor.Device.Name(),
                    windows = predictor.Statistics.Windows,
                    onnx_runs = predictor.Statistics.Runs,
                    onnx_seconds = predictor.Statistics.RunTime.TotalSeconds,
                    seconds = Stopwatch.GetElapsedTime(started).TotalSeconds,
                    cpu_seconds = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
                    peak_rss_mb = BenchContext.PeakMemoryBytes() / 1e6,
                }));
            }

            return 0;
        }
        finally
        {
            sources.ForEach(source => source.Source.Dispose());
        }
    }

    static async Task<RunResult> PickRunAsync(
        PickRequest request, EnsembleManifest manifest, ParticleCatalog catalog, VolumePicker picker, EnsemblePredictor predictor, string file, IVolumeSource source, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string run = source.Info.Name;
        TimeSpan inferenceBefore = predictor.Statistics.RunTime;
        VolumePickResult result = await ConsoleProgress.RunAsync($"Picking {run}", progress => picker.PickAsync(
            source,
            progress is null ? null : new Progress<VolumePickProgress>(p => progress.Report(p.Stage == VolumePickStage.Statistics ? 0.05 * p.Fraction : 0.05 + (0.95 * p.Fraction))),
            cancellationToken));
        TimeSpan inference = predictor.Statistics.RunTime - inferenceBefore;

        long writing = Stopwatch.GetTimestamp();
        WritePicks(request, catalog, source.Info, result.Picks);
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
            run,
            DateTimeOffset.UtcNow,
            RunSummary.CurrentVersion,
            new RunSummaryInput(Path.GetFullPath(file), source.Info.Shape, source.Info.VoxelSize),
            new RunSummaryModel(manifest.Name, [.. manifest.Members.Select(m => m.File)]),
            RunSummary.CountPicks(catalog, result.Picks),
            seconds);

        // The summary goes last: a run whose summary.json exists has all its outputs.
        WriteAtomically(Path.Combine(request.Output, run, "summary.json"), temporary => RunSummaryJson.Write(temporary, summary));
        return new RunResult(run, result.Picks, summary.Counts, seconds["total"]);
    }

    /// <summary>Writes the run's copick files beside the overlay, then moves each to its place: none is ever seen half-written.</summary>
    static void WritePicks(PickRequest request, ParticleCatalog catalog, VolumeInfo info, IReadOnlyList<Pick> picks)
    {
        string staging = Path.Combine(request.Output, $".czpick-{info.Name}-{Environment.ProcessId}.tmp");
        try
        {
            CopickOverlay overlay = new(staging);
            IReadOnlyList<string> written = overlay.WriteRun(
                info.Name, request.User, request.Session, info.VoxelSize.X, catalog.Particles.Where(p => p.IsPicked).Select(p => p.Name), picks);
            foreach (string file in written)
            {
                string destination = Path.Combine(request.Output, Path.GetRelativePath(overlay.Root, file));
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                File.Move(file, destination, overwrite: true);
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

    /// <summary>Writes a file under a temporary name beside it and renames it into place.</summary>
    static void WriteAtomically(string path, Action<string> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            write(temporary);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    static void CheckNames(PickRequest request)
    {
        try
        {
            CopickNames.ThrowIfInvalidName(request.User, "user id");
            CopickNames.ThrowIfInvalidName(request.Session, "session id");
        }
        catch (ArgumentException error)
        {
            throw new UserErrorException($"--user/--session: {error.Message}");
        }
    }

    static void WarnIfSpacingDiffers(ILogger logger, VolumeInfo info, EnsembleManifest manifest)
    {
        double ratio = info.VoxelSize.X / manifest.VoxelSpacing;
        if (Math.Abs(ratio - 1) > 0.05)
        {
            logger.LogWarning(
                "{Run}: voxel size {Size} differs from the {Spacing} Å the model was trained at; particles will look {Scale:F2}× their trained size (check the header, or resample the tomogram)",
                info.Name,
                info.VoxelSize,
                manifest.VoxelSpacing.ToString("0.###", CultureInfo.InvariantCulture),
                1 / ratio);
        }
    }

    static string Describe(RunResult result, string output) =>
        $"{result.Run}: {result.Picks.Count} picks ({string.Join(", ", result.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"))}) " +
        $"in {result.Seconds:F1} s → {Path.Combine(output, CopickOverlay.RunsDirectory, result.Run, CopickOverlay.PicksDirectory)}";

    /// <summary>What the user asked for.</summary>
    sealed record PickRequest(
        IReadOnlyList<string> Files,
        string Output,
        string Model,
        InferenceOptions Inference,
        string? Tta,
        string User,
        string Session,
        int? MemoryMb,
        int? Blocks,
        bool Json);

    /// <summary>One run's picks and figures.</summary>
    sealed record RunResult(string Run, IReadOnlyList<Pick> Picks, IReadOnlyDictionary<string, int> Counts, double Seconds);
}
