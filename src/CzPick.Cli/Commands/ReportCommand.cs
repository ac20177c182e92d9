using System.CommandLine;
using System.Globalization;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Reports;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick report`: a self-contained HTML report per run (slices with the picks drawn, counts, score histograms, and
/// with --truth the metric and true/false positives and misses marked), plus an index page for several runs. Runs are
/// matched by name: a tomogram's run is its file name without the extension.
/// </summary>
static class ReportCommand
{
    public static Command Create()
    {
        Option<string[]> volumes = new("--volume")
        {
            Description = "A tomogram: an MRC file or an OME-Zarr store folder; repeat for several runs. Its run is the name without the extension.",
            Required = true,
        };
        Option<string> picks = new("--picks")
        {
            Description = "The picks: a copick overlay root, or a competition CSV (id,experiment,particle_type,x,y,z).",
            Required = true,
        };
        Option<string> output = new("--out")
        {
            Description = "Where to write: a directory ({run}.html per run, and index.html for several runs), or a .html file for one run.",
            Required = true,
        };
        Option<string?> truth = new("--truth") { Description = "Ground truth, a copick overlay root: marks true and false positives and misses, and adds the metric." };
        Option<string?> user = new("--user") { Description = "Only truth files with this user_id (e.g. curation)." };
        Option<string?> session = new("--session") { Description = "Only truth files with this session_id." };
        Option<string?> picksUser = new("--picks-user") { Description = "Only picks files with this user_id (copick overlay picks)." };
        Option<string?> picksSession = new("--picks-session") { Description = "Only picks files with this session_id (copick overlay picks)." };
        Option<string[]> summaries = new("--summary") { Description = "A run's summary.json (model, version, timings); repeat for several runs." };
        Option<string?> config = new("--config") { Description = "A copick project config naming the particles (radii, colours); default: the competition's six." };
        Option<string?> run = new("--run") { Description = "The run name of the one --volume, when its file name is not the run's name." };
        Option<int> slices = new("--slices")
        {
            Description = "How many evenly spaced z sections the grid shows.",
            DefaultValueFactory = _ => new ReportOptions().SliceCount,
        };
        Option<string?> center = new("--center") { Description = "The voxel z,y,x the orthogonal slices pass through; default: the volume's centre." };

        Command command = new("report", "Write an HTML report of picks on their tomograms: slices with the picks drawn, counts, score histograms, and the metric against truth.")
        {
            volumes, picks, output, truth, user, session, picksUser, picksSession, summaries, config, run, slices, center,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int sliceCount = parse.GetValue(slices);
            if (sliceCount < 1)
            {
                throw new UserErrorException($"--slices is {sliceCount}; expected at least 1 section.");
            }

            ReportOptions options = new()
            {
                Catalog = parse.GetValue(config) is string configPath ? ParticleCatalog.FromCopickConfig(configPath) : ParticleCatalog.Czii,
                SliceCount = sliceCount,
                OrthogonalCenter = parse.GetValue(center) is string text ? ParseCenter(text) : null,
            };
            IReadOnlyDictionary<string, IReadOnlyList<Pick>> picksByRun = PickSources.ReadPicks(parse.GetValue(picks)!, parse.GetValue(picksUser), parse.GetValue(picksSession));
            IReadOnlyDictionary<string, IReadOnlyList<Pick>>? truthByRun = parse.GetValue(truth) is string truthPath
                ? PickSources.ReadTruth(truthPath, parse.GetValue(user), parse.GetValue(session))
                : null;
            Dictionary<string, RunSummary> summaryByRun = ReadSummaries(parse.GetValue(summaries) ?? []);

            string[] volumePaths = parse.GetValue(volumes) ?? [];
            string? runName = parse.GetValue(run);
            if (runName is not null && volumePaths.Length != 1)
            {
                throw new UserErrorException($"--run names the run of one tomogram, but {volumePaths.Length} --volume options are given.");
            }

            List<IVolumeSource> opened = [];
            try
            {
                List<RunReportInput> inputs = [];
                foreach (string path in volumePaths)
                {
                    IVolumeSource volume = await VolumeSources.OpenAsync(path, cancellationToken: cancellationToken);
                    opened.Add(volume);
                    string name = runName ?? volume.Info.Name;
                    inputs.Add(new RunReportInput(name, volume, picksByRun.GetValueOrDefault(name) ?? [])
                    {
                        Truth = truthByRun?.GetValueOrDefault(name),
                        Summary = summaryByRun.GetValueOrDefault(name),
                    });
                }

                TextWriter console = parse.InvocationConfiguration.Output;
                WriteNotes(console, inputs, picksByRun, truthByRun, summaryByRun);
                foreach (string written in await HtmlReport.WriteAsync(inputs, parse.GetValue(output)!, options, cancellationToken))
                {
                    console.WriteLine(written);
                }
            }
            finally
            {
                opened.ForEach(volume => volume.Dispose());
            }

            return 0;
        });
        return command;
    }

    static Index3 ParseCenter(string text)
    {
        string[] parts = text.Split(',');
        int[] values = new int[parts.Length];
        bool valid = parts.Length == 3 && parts.Select((part, i) => int.TryParse(part.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i])).All(ok => ok);
        return valid
            ? new Index3(values[0], values[1], values[2])
            : throw new UserErrorException($"--center '{text}' is not a voxel; expected three whole numbers z,y,x, e.g. 92,315,315.");
    }

    static Dictionary<string, RunSummary> ReadSummaries(IEnumerable<string> paths)
    {
        Dictionary<string, RunSummary> byRun = new(StringComparer.Ordinal);
        foreach (string path in paths)
        {
            RunSummary summary = RunSummaryJson.Read(path);
            if (!byRun.TryAdd(summary.Run, summary))
            {
                throw new UserErrorException($"--summary: {path} is of run {summary.Run}, as another --summary is; expected one summary per run.");
            }
        }

        return byRun;
    }

    /// <summary>Says what did not match up between tomograms, picks, truth and summaries, without refusing the report.</summary>
    static void WriteNotes(
        TextWriter console,
        IReadOnlyList<RunReportInput> inputs,
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> picksByRun,
        IReadOnlyDictionary<string, IReadOnlyList<Pick>>? truthByRun,
        IReadOnlyDictionary<string, RunSummary> summaryByRun)
    {
        HashSet<string> runs = [.. inputs.Select(i => i.Run)];
        foreach (RunReportInput input in inputs.Where(i => !picksByRun.ContainsKey(i.Run)))
        {
            console.WriteLine($"note: --picks has no picks of run {input.Run}; its report shows the tomogram only.");
        }

        if (truthByRun is not null)
        {
            foreach (RunReportInput input in inputs.Where(i => i.Truth is null))
            {
                console.WriteLine($"note: --truth has no run {input.Run}; its report has no metric.");
            }
        }

        string[] unmatched = [.. picksByRun.Keys.Where(r => !runs.Contains(r)).Order(StringComparer.Ordinal)];
        if (unmatched.Length > 0)
        {
            console.WriteLine($"note: picks of {unmatched.Length} run(s) have no --volume and are not reported: {string.Join(", ", unmatched)}.");
        }

        foreach (string summaryRun in summaryByRun.Keys.Where(r => !runs.Contains(r)).Order(StringComparer.Ordinal))
        {
            console.WriteLine($"note: the --summary of run {summaryRun} matches no --volume and is not shown.");
        }
    }
}
