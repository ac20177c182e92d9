using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Phantoms;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;
using CzPick.Core.Volumes;
using CzPick.Inference.Runtime;
using CzPick.Reports;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick demo`: the whole job in one command, through the other verbs' own code. Makes a phantom tomogram with its
/// truth (as `czpick phantom`), picks it (as `czpick pick`), scores the picks against the truth with the competition
/// metric (as `czpick score`) and writes the HTML report (as `czpick report`). Its outputs, in --out:
/// <c>{run}.mrc</c>, <c>truth/</c> (a copick overlay), <c>picks/</c> (a copick overlay, picks.csv,
/// <c>{run}/summary.json</c>) and <c>report.html</c>; a second call replaces them.
/// </summary>
static class DemoCommand
{
    /// <summary>The phantom's default seed: the first of the seeds kept for evaluation (the sample model trains on 1000–1023 and validates on 2000–2001), so the demo scores unseen data.</summary>
    public const long DefaultSeed = 3000;

    public static Command Create()
    {
        Option<string> output = new("--out") { Description = "The directory to write into.", DefaultValueFactory = _ => "czpick-demo" };
        Option<string?> model = new("--model") { Description = "The model directory (ensemble.json and its .onnx members); the shipped sample model by default." };
        Option<Shape3> size = new("--size")
        {
            Description = "The phantom's extent in voxels, Z,Y,X; a real tomogram's by default.",
            DefaultValueFactory = _ => new PhantomOptions().Shape,
            CustomParser = PhantomCommand.ShapeParser("--size"),
        };
        Option<long> seed = new("--seed")
        {
            Description = $"The phantom's seed; {DefaultSeed} by default, which the sample model was not trained on.",
            DefaultValueFactory = _ => DefaultSeed,
        };
        Option<string> device = PickCommand.DeviceOption();
        Command command = new("demo", "Make a phantom tomogram, pick it, score the picks against its truth and write the HTML report: the whole job in one command.")
        {
            output, model, size, seed, device,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(output)!,
            parse.GetValue(model) ?? PickCommand.DefaultModelDirectory,
            parse.GetValue(size),
            parse.GetValue(seed),
            ExecutionDevices.Parse(parse.GetValue(device)!),
            parse.InvocationConfiguration.Output,
            cancellationToken));
        return command;
    }

    static async Task<int> RunAsync(string directory, string model, Shape3 size, long seed, ExecutionDevice device, TextWriter console, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        string run = PhantomCommand.RunName(seed);
        string tomogram = Path.GetFullPath(Path.Combine(directory, run + ".mrc"));
        string truthRoot = Path.GetFullPath(Path.Combine(directory, "truth"));
        string picksRoot = Path.GetFullPath(Path.Combine(directory, "picks"));
        string report = Path.GetFullPath(Path.Combine(directory, "report.html"));
        PickRequest pick = new([tomogram], null, picksRoot, model, new InferenceOptions { Device = device }, null, null, null, null, null, false);

        // The model is checked before the phantom takes its seconds to make.
        PickCommand.CheckRequest(pick);
        console.WriteLine($"1/4 Making a {size} phantom, seed {seed}");
        await PhantomCommand.RunAsync(directory, 1, seed, new PhantomOptions { Shape = size }, overwrite: true, console, cancellationToken);
        TimeSpan phantomTime = Stopwatch.GetElapsedTime(started);

        console.WriteLine($"2/4 Picking it with {model}");
        RunResult picked = (await PickCommand.RunAsync(pick, console, cancellationToken))[0];

        console.WriteLine("3/4 Scoring the picks against the truth");
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth = PickSources.ReadTruth(truthRoot, PhantomCommand.TruthUser, PhantomCommand.TruthSession);
        Dictionary<string, IReadOnlyList<Pick>> picks = new(StringComparer.Ordinal) { [run] = picked.Picks };
        ScoreReport score = new CompetitionMetric(ParticleCatalog.Czii).Score(truth, picks);
        ScoreCommand.WriteTable(console, score, truth, picks);

        console.WriteLine("4/4 Writing the report");
        using (IVolumeSource volume = await VolumeSources.OpenAsync(tomogram, cancellationToken: cancellationToken))
        {
            RunReportInput input = new(run, volume, picked.Picks) { Truth = truth[run], Summary = picked.Summary };
            await HtmlReport.WriteAsync([input], report, new ReportOptions { Catalog = ParticleCatalog.Czii }, cancellationToken);
        }

        console.WriteLine($"tomogram {tomogram}");
        console.WriteLine($"truth    {truthRoot} (copick overlay, user {PhantomCommand.TruthUser})");
        console.WriteLine($"picks    {picksRoot} (copick overlay, picks.csv, {run}/summary.json)");
        console.WriteLine($"report   {report}");
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Done in {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s (phantom {phantomTime.TotalSeconds:F1} s, picking {picked.Seconds:F1} s): {picked.Picks.Count} picks, score {score.Score:0.0000}."));
        return 0;
    }
}
