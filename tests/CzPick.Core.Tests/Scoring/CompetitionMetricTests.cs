using System.Text.Json;
using CzPick.Core.Copick;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Scoring;

namespace CzPick.Core.Tests.Scoring;

public sealed class CompetitionMetricTests
{
    const double Tolerance = 1e-12;
    static readonly string OracleDirectory = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Scoring");
    static readonly CompetitionMetric Metric = new(ParticleCatalog.Czii);

    [Fact]
    public void Score_EveryReferencePickedExactly_One()
    {
        Pick[] truth = [.. ParticleCatalog.Czii.Particles.Select((p, i) => new Pick(p.Name, 1000 * i, 0, 0, 1))];

        ScoreReport report = Metric.Score(Runs(("TS_1", truth)), Runs(("TS_1", truth)));

        Assert.Equal(1, report.Score, Tolerance);
        Assert.All(report.Classes, c => Assert.Equal((1, 0, 0, 1.0), (c.TruePositives, c.FalsePositives, c.FalseNegatives, c.FBeta)));
    }

    [Fact]
    public void Score_ThreePicksOnOneReferenceAndOneStray_OneTruePositive()
    {
        // apo-ferritin: radius 60 Å, so a pick matches within 30 Å.
        Pick[] truth = [Apo(0, 0, 0), Apo(1000, 0, 0)];
        Pick[] picks = [Apo(10, 0, 0), Apo(0, -20, 0), Apo(0, 0, 29.9), Apo(500, 0, 0)];

        ClassScore apo = Metric.Score(Runs(("TS_1", truth)), Runs(("TS_1", picks))).Classes[0];

        // TP = 1 (only the first reference is hit), FP = 4 − 1 = 3, FN = 2 − 1 = 1.
        // P = 1/4, R = 1/2, F4 = 17 · 0.25 · 0.5 / (16 · 0.25 + 0.5) = 2.125 / 4.5.
        Assert.Equal((1, 3, 1), (apo.TruePositives, apo.FalsePositives, apo.FalseNegatives));
        Assert.Equal(0.25, apo.Precision, Tolerance);
        Assert.Equal(0.5, apo.Recall, Tolerance);
        Assert.Equal(2.125 / 4.5, apo.FBeta, Tolerance);
    }

    [Fact]
    public void Score_PickExactlyAtMatchDistance_Matches()
    {
        // 3-4-5 triangle: (18, 24, 0) is exactly 30 Å from the origin (324 + 576 = 900 = 30², exact in binary).
        ScoreReport atEdge = Metric.Score(Runs(("TS_1", [Apo(0, 0, 0)])), Runs(("TS_1", [Apo(18, 24, 0)])));
        ScoreReport beyond = Metric.Score(Runs(("TS_1", [Apo(0, 0, 0)])), Runs(("TS_1", [Apo(18, 24.000001, 0)])));

        Assert.Equal(1, atEdge.Classes[0].TruePositives);
        Assert.Equal((0, 1, 1), (beyond.Classes[0].TruePositives, beyond.Classes[0].FalsePositives, beyond.Classes[0].FalseNegatives));
    }

    [Fact]
    public void Score_ReferencesWithoutPicks_FalseNegativesAndZeroF()
    {
        Pick[] truth = [Ribosome(0, 0, 0), Ribosome(1000, 0, 0), Ribosome(2000, 0, 0), Apo(0, 0, 500)];

        ScoreReport report = Metric.Score(Runs(("TS_1", truth)), Runs(("TS_1", [Apo(0, 0, 500)])));

        // Ribosome: TP 0, FP 0, FN 3, so P = 0 (no picks), R = 0, F = 0. apo-ferritin: F = 1 with weight 1 of 7.
        ClassScore ribosome = report.Classes.Single(c => c.Particle == "ribosome");
        Assert.Equal((0, 0, 3, 0.0, 0.0, 0.0), (ribosome.TruePositives, ribosome.FalsePositives, ribosome.FalseNegatives, ribosome.Precision, ribosome.Recall, ribosome.FBeta));
        Assert.Equal(1.0 / 7, report.Score, Tolerance);
    }

    [Fact]
    public void Score_RunWithoutAnyPicks_CountsItsReferencesAsMissedMicroAveraged()
    {
        Pick[] truth = [Apo(0, 0, 0), Apo(1000, 0, 0)];

        ScoreReport report = Metric.Score(Runs(("TS_1", truth), ("TS_2", truth)), Runs(("TS_1", truth)));

        // Summed over runs: TP 2, FP 0, FN 2 → P = 1, R = 0.5, F4 = 17 · 0.5 / (16 + 0.5) = 8.5 / 16.5
        // (a per-run average would give (1 + 0) / 2 = 0.5 instead).
        ClassScore apo = report.Classes[0];
        Assert.Equal((2, 0, 2), (apo.TruePositives, apo.FalsePositives, apo.FalseNegatives));
        Assert.Equal(8.5 / 16.5, apo.FBeta, Tolerance);
        Assert.Equal(8.5 / 16.5 / 7, report.Score, Tolerance);
        Assert.Equal(["TS_1", "TS_2"], report.Runs);
    }

    [Fact]
    public void Score_PicksOfATypeWithoutReferences_FalsePositivesAndZeroF()
    {
        ScoreReport report = Metric.Score(Runs(("TS_1", [Ribosome(0, 0, 0)])), Runs(("TS_1", [Ribosome(0, 0, 0), Apo(5, 5, 5), Apo(9, 9, 9), Apo(900, 9, 9)])));

        // apo-ferritin: TP 0, FP 3, FN 0 → P = 0, R = 0 (no references), F = 0. Ribosome: F = 1, weight 1 of 7.
        ClassScore apo = report.Classes[0];
        Assert.Equal((0, 3, 0, 0.0), (apo.TruePositives, apo.FalsePositives, apo.FalseNegatives, apo.FBeta));
        Assert.Equal(1.0 / 7, report.Score, Tolerance);
    }

    [Theory]
    [InlineData(new[] { "beta-amylase" }, 0.0)]
    [InlineData(new[] { "thyroglobulin" }, 2.0 / 7)]
    [InlineData(new[] { "beta-galactosidase", "ribosome" }, 3.0 / 7)]
    [InlineData(new[] { "apo-ferritin", "ribosome", "virus-like-particle" }, 3.0 / 7)]
    public void Score_OnlySomeTypesPerfect_SumOfTheirWeightsOverSeven(string[] perfect, double expected)
    {
        // Every type has one reference; perfect types are picked exactly, the others not at all (F = 0).
        Pick[] truth = [.. ParticleCatalog.Czii.Particles.Select((p, i) => new Pick(p.Name, 1000 * i, 0, 0, 1))];
        Pick[] picks = [.. truth.Where(t => perfect.Contains(t.Particle))];

        Assert.Equal(expected, Metric.Score(Runs(("TS_1", truth)), Runs(("TS_1", picks))).Score, Tolerance);
    }

    [Fact]
    public void Score_PicksOfRunsWithoutTruth_LeftOutAndReported()
    {
        ScoreReport report = Metric.Score(
            Runs(("TS_1", [Apo(0, 0, 0)])),
            Runs(("TS_1", [Apo(0, 0, 0)]), ("TS_9", [Apo(5, 5, 5), new Pick("proteasome", 0, 0, 0, 1)]), ("TS_8", [])));

        Assert.Equal((1, 0, 0), (report.Classes[0].TruePositives, report.Classes[0].FalsePositives, report.Classes[0].FalseNegatives));
        Assert.Equal(["TS_8", "TS_9"], report.IgnoredRuns);
        Assert.Equal(2, report.IgnoredPickCount);
    }

    [Fact]
    public void Score_TruthRunWithoutReferences_PicksThereAreFalsePositives()
    {
        ScoreReport report = Metric.Score(Runs(("TS_1", [Apo(0, 0, 0)]), ("TS_2", [])), Runs(("TS_1", [Apo(0, 0, 0)]), ("TS_2", [Apo(0, 0, 0)])));

        Assert.Equal((1, 1, 0), (report.Classes[0].TruePositives, report.Classes[0].FalsePositives, report.Classes[0].FalseNegatives));
    }

    [Fact]
    public void Score_OnePickBetweenTwoCloseReferences_BothHitFalsePositivesNegative()
    {
        // As the Kaggle scorer: references 40 Å apart, a pick 20 Å from each hits both, so TP = 2 and FP = 1 − 2 = −1;
        // P = 2 / (2 − 1) = 2, R = 1, F4 = 17 · 2 / (16 · 2 + 1) = 34 / 33.
        ClassScore apo = Metric.Score(Runs(("TS_1", [Apo(0, 0, 0), Apo(40, 0, 0)])), Runs(("TS_1", [Apo(20, 0, 0)]))).Classes[0];

        Assert.Equal((2, -1, 0), (apo.TruePositives, apo.FalsePositives, apo.FalseNegatives));
        Assert.Equal(34.0 / 33, apo.FBeta, Tolerance);
    }

    [Fact]
    public void Score_UnknownPickType_Refused()
    {
        ScoringException error = Assert.Throws<ScoringException>(
            () => Metric.Score(Runs(("TS_1", [Apo(0, 0, 0)])), Runs(("TS_1", [new Pick("proteasome", 0, 0, 0, 1)]))));

        Assert.Equal(
            "The picks of run TS_1 hold a 'proteasome' particle, a type the scorer does not know; expected one of: apo-ferritin, beta-amylase, beta-galactosidase, ribosome, thyroglobulin, virus-like-particle.",
            error.Message);
    }

    [Fact]
    public void Score_UnknownTruthType_Refused()
    {
        ScoringException error = Assert.Throws<ScoringException>(() => Metric.Score(Runs(("TS_1", [new Pick("membrane", 0, 0, 0, 1)])), Runs()));

        Assert.StartsWith("The truth of run TS_1 hold a 'membrane' particle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Score_TwoReferencesAtOnePosition_Refused()
    {
        ScoringException error = Assert.Throws<ScoringException>(() => Metric.Score(Runs(("TS_1", [Apo(1, 2, 3), Ribosome(1, 2, 3)])), Runs()));

        Assert.Equal(
            "The truth of run TS_1 has two particles at (1, 2, 3) Å (apo-ferritin and ribosome); the competition requires distinct reference positions.",
            error.Message);
    }

    [Fact]
    public void Score_NonFinitePick_Refused()
    {
        ScoringException error = Assert.Throws<ScoringException>(() => Metric.Score(Runs(("TS_1", [Apo(0, 0, 0)])), Runs(("TS_1", [Apo(double.NaN, 0, 0)]))));

        Assert.Contains("at (NaN, 0, 0); expected finite coordinates", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_AllWeightsZero_Refused()
    {
        ParticleCatalog catalog = new([new ParticleType(1, "a", null, 10, 0, [0, 0, 0, 255], null)]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new CompetitionMetric(catalog));

        Assert.StartsWith("The particle weights sum to 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_ZeroRadius_Refused()
    {
        ParticleCatalog catalog = new([new ParticleType(1, "a", null, 0, 1, [0, 0, 0, 255], null)]);

        Assert.Throws<ArgumentException>(() => new CompetitionMetric(catalog));
    }

    [Fact]
    public void Score_OracleCase_EqualsScipyKdTreeScorer()
    {
        // Fixtures/Scoring/make_oracle.py scored this truth and submission with scipy's KDTree, as the Kaggle metric does.
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth = new CopickOverlay(Path.Combine(OracleDirectory, "truth")).ReadPicksByRun("curation", "0");
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> picks = CompetitionCsvReader.ReadPicksByRun(Path.Combine(OracleDirectory, "submission.csv"));
        using JsonDocument expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(OracleDirectory, "expected.json")));

        ScoreReport report = Metric.Score(truth, picks);

        JsonElement[] classes = [.. expected.RootElement.GetProperty("classes").EnumerateArray()];
        Assert.Equal(classes.Select(c => c.GetProperty("particle").GetString()), report.Classes.Select(c => c.Particle));
        for (int i = 0; i < classes.Length; i++)
        {
            ClassScore actual = report.Classes[i];
            Assert.Equal(
                (classes[i].GetProperty("tp").GetInt32(), classes[i].GetProperty("fp").GetInt32(), classes[i].GetProperty("fn").GetInt32()),
                (actual.TruePositives, actual.FalsePositives, actual.FalseNegatives));
            Assert.Equal(classes[i].GetProperty("fbeta").GetDouble(), actual.FBeta, Tolerance);
        }

        Assert.Equal(expected.RootElement.GetProperty("score").GetDouble(), report.Score, Tolerance);
        Assert.Equal(["TS_99_9"], report.IgnoredRuns);
    }

    [Fact]
    public void MatchRun_HitsDuplicatesStraysAndMisses_MarkedPickByPick()
    {
        // apo-ferritin matches within 30 Å, ribosome within 75 Å.
        Pick[] truth = [Apo(0, 0, 0), Apo(1000, 0, 0), Ribosome(0, 500, 0), Ribosome(0, 2000, 0)];
        Pick[] picks = [Ribosome(60, 500, 0), Apo(10, 0, 0), Apo(0, 20, 0), Apo(500, 0, 0), Ribosome(0, 2000, 80)];

        RunMatch match = Metric.MatchRun("TS_1", truth, picks);

        Assert.Equal("TS_1", match.Run);
        Assert.Equal(picks, match.Picks.Select(p => p.Pick));
        Assert.Equal([true, true, false, false, false], match.Picks.Select(p => p.IsMatched));
        Assert.Equal(truth, match.References.Select(r => r.Pick));
        Assert.Equal([true, false, true, false], match.References.Select(r => r.IsMatched));
    }

    [Fact]
    public void MatchRun_OracleCase_MatchedCountsEqualScore()
    {
        // Per-pick marks and the score's counts come from one matching: TP = references hit, FP = picks − TP.
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth = new CopickOverlay(Path.Combine(OracleDirectory, "truth")).ReadPicksByRun("curation", "0");
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> picks = CompetitionCsvReader.ReadPicksByRun(Path.Combine(OracleDirectory, "submission.csv"));
        RunMatch[] matches = [.. truth.Keys.Select(run => Metric.MatchRun(run, truth[run], picks.GetValueOrDefault(run) ?? []))];

        ScoreReport report = Metric.Score(truth, picks);

        foreach (ClassScore c in report.Classes)
        {
            int hit = matches.Sum(m => m.References.Count(r => r.Pick.Particle == c.Particle && r.IsMatched));
            int missed = matches.Sum(m => m.References.Count(r => r.Pick.Particle == c.Particle && !r.IsMatched));
            int picked = matches.Sum(m => m.Picks.Count(p => p.Pick.Particle == c.Particle));
            Assert.Equal((c.TruePositives, c.FalsePositives, c.FalseNegatives), (hit, picked - hit, missed));
        }
    }

    static Pick Apo(double x, double y, double z) => new("apo-ferritin", x, y, z, 1);

    static Pick Ribosome(double x, double y, double z) => new("ribosome", x, y, z, 1);

    static Dictionary<string, IReadOnlyList<Pick>> Runs(params (string Run, Pick[] Picks)[] runs) =>
        runs.ToDictionary(r => r.Run, r => (IReadOnlyList<Pick>)r.Picks);
}
