using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick score`: the competition metric of picks (a copick overlay or a competition CSV) against ground truth (a
/// copick overlay), per particle type and overall.
/// </summary>
static class ScoreCommand
{
    static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static Command Create()
    {
        Option<string> truth = new("--truth")
        {
            Description = "Ground truth: a copick overlay root holding ExperimentRuns/{run}/Picks/*.json.",
            Required = true,
        };
        Option<string> picks = new("--picks")
        {
            Description = "The picks to score: a copick overlay root, or a competition CSV (id,experiment,particle_type,x,y,z).",
            Required = true,
        };
        Option<string?> user = new("--user") { Description = "Only truth files with this user_id (e.g. curation)." };
        Option<string?> session = new("--session") { Description = "Only truth files with this session_id." };
        Option<string?> picksUser = new("--picks-user") { Description = "Only picks files with this user_id (copick overlay picks)." };
        Option<string?> picksSession = new("--picks-session") { Description = "Only picks files with this session_id (copick overlay picks)." };
        Option<string?> config = new("--config")
        {
            Description = "A copick project config whose particles (radii, and weights for the six CZII names) are scored; default: the competition's six.",
        };
        Option<bool> json = new("--json") { Description = "Print one JSON object instead of the table." };

        Command command = new("score", "Score picks against ground truth with the CZII competition metric (F-beta, beta = 4, match within half the radius).")
        {
            truth, picks, user, session, picksUser, picksSession, config, json,
        };
        command.SetAction(parse =>
        {
            ParticleCatalog catalog = parse.GetValue(config) is string configPath ? ParticleCatalog.FromCopickConfig(configPath) : ParticleCatalog.Czii;
            string truthPath = parse.GetValue(truth)!;
            IReadOnlyDictionary<string, IReadOnlyList<Pick>> truthByRun = PickSources.ReadTruth(truthPath, parse.GetValue(user), parse.GetValue(session));
            IReadOnlyDictionary<string, IReadOnlyList<Pick>> picksByRun = PickSources.ReadPicks(parse.GetValue(picks)!, parse.GetValue(picksUser), parse.GetValue(picksSession));
            ScoreReport report = new CompetitionMetric(catalog).Score(truthByRun, picksByRun);
            TextWriter output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json))
            {
                output.WriteLine(JsonSerializer.Serialize(report, JsonOptions));
            }
            else
            {
                WriteTable(output, report, truthByRun, picksByRun);
            }

            return 0;
        });
        return command;
    }

    static void WriteTable(
        TextWriter output,
        ScoreReport report,
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth,
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> picks)
    {
        CultureInfo invariant = CultureInfo.InvariantCulture;
        int scoredPicks = report.Runs.Sum(run => picks.GetValueOrDefault(run)?.Count ?? 0);
        output.WriteLine(string.Format(invariant, "{0} run(s), {1} reference particles, {2} picks", report.Runs.Count, truth.Values.Sum(t => t.Count), scoredPicks));
        int nameWidth = Math.Max("particle".Length, report.Classes.Max(c => c.Particle.Length));
        output.WriteLine(string.Format(invariant, "{0} {1,6} {2,7} {3,7} {4,7} {5,9} {6,7} {7,7}", "particle".PadRight(nameWidth), "weight", "TP", "FP", "FN", "precision", "recall", "F-beta"));
        foreach (ClassScore c in report.Classes)
        {
            output.WriteLine(string.Format(
                invariant,
                "{0} {1,6:0.##} {2,7} {3,7} {4,7} {5,9:0.0000} {6,7:0.0000} {7,7:0.0000}",
                c.Particle.PadRight(nameWidth),
                c.Weight,
                c.TruePositives,
                c.FalsePositives,
                c.FalseNegatives,
                c.Precision,
                c.Recall,
                c.FBeta));
        }

        if (report.IgnoredRuns.Count > 0)
        {
            output.WriteLine(string.Format(
                invariant,
                "ignored {0} picks of {1} run(s) without truth: {2}",
                report.IgnoredPickCount,
                report.IgnoredRuns.Count,
                string.Join(", ", report.IgnoredRuns)));
        }

        output.WriteLine(string.Format(invariant, "score {0:0.0000}", report.Score));
    }
}
