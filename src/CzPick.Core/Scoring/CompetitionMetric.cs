using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Scoring;

/// <summary>
/// The CZII CryoET Object Identification scorer. Per particle type and run, a pick matches a reference particle when
/// it lies within distance multiplier × radius (inclusive); TP counts the distinct references hit, FP = picks − TP,
/// FN = references − TP. Counts are summed over runs, then P = TP/(TP+FP), R = TP/(TP+FN) (each 0 when its
/// denominator is 0), F-beta = (1+β²)PR/(β²P+R) (0 when P+R is 0), and the score is Σ weight × F-beta / Σ weight
/// over every type of the catalog.
/// </summary>
/// <remarks>
/// <para>
/// As the Kaggle scorer: picks of runs the truth does not have are left out (before types are checked); a pick of a
/// type the catalog does not know is an error; a type with no references anywhere scores 0 yet keeps its weight in
/// the denominator; two references at one position in a run are an error.
/// </para>
/// <para>
/// Where the two differ: the Kaggle solution file cannot hold a run without references, so its picks are ignored
/// there; here a run is scored whenever the truth names it, and its picks count as false positives.
/// </para>
/// </remarks>
public sealed class CompetitionMetric
{
    /// <summary>The competition's match distance as a fraction of the particle radius.</summary>
    public const double CompetitionDistanceMultiplier = 0.5;

    /// <summary>The competition's β: recall weighs β² = 16 times as much as precision.</summary>
    public const double CompetitionBeta = 4;

    readonly double weightSum;

    /// <summary>Each particle type's position in the catalog, by name.</summary>
    readonly Dictionary<string, int> indexOf;

    /// <summary>Initializes a new instance of the <see cref="CompetitionMetric"/> class.</summary>
    /// <param name="catalog">The particle types with their radii and weights.</param>
    /// <param name="distanceMultiplier">A pick matches within this fraction of the radius.</param>
    /// <param name="beta">The β of F-beta.</param>
    /// <exception cref="ArgumentException">A radius is not positive, a weight is negative, or the weights sum to 0.</exception>
    public CompetitionMetric(ParticleCatalog catalog, double distanceMultiplier = CompetitionDistanceMultiplier, double beta = CompetitionBeta)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (!(double.IsFinite(distanceMultiplier) && distanceMultiplier > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(distanceMultiplier), distanceMultiplier, "The distance multiplier must be a positive number.");
        }

        if (!(double.IsFinite(beta) && beta > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be a positive number.");
        }

        foreach (ParticleType particle in catalog.Particles)
        {
            if (!(double.IsFinite(particle.RadiusAngstrom) && particle.RadiusAngstrom > 0) || !(double.IsFinite(particle.ScoreWeight) && particle.ScoreWeight >= 0))
            {
                throw new ArgumentException(
                    $"Particle '{particle.Name}' has radius {particle.RadiusAngstrom} Å and weight {particle.ScoreWeight}; scoring needs a positive radius and a weight of 0 or more.",
                    nameof(catalog));
            }
        }

        this.weightSum = catalog.Particles.Sum(p => p.ScoreWeight);
        if (this.weightSum <= 0)
        {
            throw new ArgumentException("The particle weights sum to 0, so no score can be formed; give at least one particle a positive weight.", nameof(catalog));
        }

        this.indexOf = catalog.Particles.Select((p, t) => (p.Name, t)).ToDictionary(e => e.Name, e => e.t, StringComparer.Ordinal);
        this.Catalog = catalog;
        this.DistanceMultiplier = distanceMultiplier;
        this.Beta = beta;
    }

    /// <summary>Gets the particle types scored.</summary>
    public ParticleCatalog Catalog { get; }

    /// <summary>Gets the match distance as a fraction of the particle radius.</summary>
    public double DistanceMultiplier { get; }

    /// <summary>Gets the β of F-beta.</summary>
    public double Beta { get; }

    /// <summary>Scores picks against the truth.</summary>
    /// <param name="truth">The reference particles by run; a run with no particles is still scored.</param>
    /// <param name="picks">The picks by run; runs missing here have no picks.</param>
    /// <returns>The score with counts per particle type.</returns>
    /// <exception cref="ScoringException">
    /// A pick or reference has a type the catalog does not know or a coordinate that is not finite, or two references
    /// share a position in one run.
    /// </exception>
    public ScoreReport Score(IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth, IReadOnlyDictionary<string, IReadOnlyList<Pick>> picks)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(picks);
        string[] runs = [.. truth.Keys.Order(StringComparer.Ordinal)];
        string[] ignoredRuns = [.. picks.Keys.Where(run => !truth.ContainsKey(run)).Order(StringComparer.Ordinal)];
        int ignoredPicks = ignoredRuns.Sum(run => picks[run].Count);

        int particleCount = this.Catalog.Particles.Count;
        int[] references = new int[particleCount];
        int[] referencesHit = new int[particleCount];
        int[] candidates = new int[particleCount];
        foreach (string run in runs)
        {
            RunMatch match = this.MatchRun(run, truth[run], picks.GetValueOrDefault(run) ?? []);
            foreach (MatchedPick reference in match.References)
            {
                int t = this.indexOf[reference.Pick.Particle];
                references[t]++;
                referencesHit[t] += reference.IsMatched ? 1 : 0;
            }

            foreach (MatchedPick pick in match.Picks)
            {
                candidates[this.indexOf[pick.Pick.Particle]]++;
            }
        }

        ClassScore[] classes = new ClassScore[particleCount];
        double weighted = 0;
        for (int t = 0; t < particleCount; t++)
        {
            int tp = referencesHit[t];
            int fp = candidates[t] - tp;
            int fn = references[t] - tp;
            double precision = tp + fp > 0 ? (double)tp / (tp + fp) : 0;
            double recall = tp + fn > 0 ? (double)tp / (tp + fn) : 0;
            double betaSquared = this.Beta * this.Beta;
            double fBeta = precision + recall > 0 ? (1 + betaSquared) * precision * recall / ((betaSquared * precision) + recall) : 0;
            ParticleType particle = this.Catalog.Particles[t];
            classes[t] = new ClassScore(particle.Name, particle.ScoreWeight, tp, fp, fn, precision, recall, fBeta);
            weighted += particle.ScoreWeight * fBeta;
        }

        return new ScoreReport(weighted / this.weightSum, this.Beta, this.DistanceMultiplier, classes, runs, ignoredRuns, ignoredPicks);
    }

    /// <summary>
    /// Matches the picks of one run against its reference particles, pick by pick, as <see cref="Score"/> counts them:
    /// a reference is hit when a pick of its type lies within the match distance; a pick is matched when it is the
    /// first (in the given order) to hit at least one reference. The other picks are the run's false positives: those
    /// that hit nothing and those that only hit references an earlier pick had already hit.
    /// </summary>
    /// <param name="run">The run name, for messages.</param>
    /// <param name="truth">The run's reference particles.</param>
    /// <param name="picks">The run's picks.</param>
    /// <returns>Every pick and every reference with its outcome, in the given order.</returns>
    /// <exception cref="ScoringException">
    /// A pick or reference has a type the catalog does not know or a coordinate that is not finite, or two references
    /// share a position.
    /// </exception>
    public RunMatch MatchRun(string run, IReadOnlyList<Pick> truth, IReadOnlyList<Pick> picks)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(picks);
        List<int>[] references = this.ByType(truth, run, "truth");
        CheckDistinctPositions(truth, run);
        List<int>[] candidates = this.ByType(picks, run, "picks");
        bool[] referenceHit = new bool[truth.Count];
        bool[] pickMatched = new bool[picks.Count];
        for (int t = 0; t < references.Length; t++)
        {
            if (references[t].Count == 0 || candidates[t].Count == 0)
            {
                continue;
            }

            GridMatch match = new ReferenceGrid([.. references[t].Select(i => truth[i])], this.DistanceMultiplier * this.Catalog.Particles[t].RadiusAngstrom)
                .Match([.. candidates[t].Select(i => picks[i])]);
            for (int k = 0; k < references[t].Count; k++)
            {
                referenceHit[references[t][k]] = match.ReferenceHit[k];
            }

            for (int k = 0; k < candidates[t].Count; k++)
            {
                pickMatched[candidates[t][k]] = match.CandidateClaimed[k];
            }
        }

        return new RunMatch(
            run,
            [.. picks.Select((pick, i) => new MatchedPick(pick, pickMatched[i]))],
            [.. truth.Select((reference, i) => new MatchedPick(reference, referenceHit[i]))]);
    }

    /// <summary>The Kaggle scorer asserts that no two solution rows of a run share x, y and z, whatever their type.</summary>
    static void CheckDistinctPositions(IReadOnlyList<Pick> references, string run)
    {
        Dictionary<(double, double, double), string> seen = [];
        foreach (Pick reference in references)
        {
            if (!seen.TryAdd((reference.XAngstrom, reference.YAngstrom, reference.ZAngstrom), reference.Particle))
            {
                throw new ScoringException(
                    $"The truth of run {run} has two particles at ({reference.XAngstrom}, {reference.YAngstrom}, {reference.ZAngstrom}) Å "
                    + $"({seen[(reference.XAngstrom, reference.YAngstrom, reference.ZAngstrom)]} and {reference.Particle}); the competition requires distinct reference positions.");
            }
        }
    }

    /// <summary>Splits the picks of one run by particle type, in catalog order, as indices into <paramref name="picks"/>.</summary>
    List<int>[] ByType(IReadOnlyList<Pick> picks, string run, string what)
    {
        List<int>[] byType = new List<int>[this.indexOf.Count];
        for (int t = 0; t < byType.Length; t++)
        {
            byType[t] = [];
        }

        for (int i = 0; i < picks.Count; i++)
        {
            Pick pick = picks[i];
            if (!this.indexOf.TryGetValue(pick.Particle, out int t))
            {
                throw new ScoringException(
                    $"The {what} of run {run} hold a '{pick.Particle}' particle, a type the scorer does not know; expected one of: {string.Join(", ", this.indexOf.Keys)}.");
            }

            if (!double.IsFinite(pick.XAngstrom) || !double.IsFinite(pick.YAngstrom) || !double.IsFinite(pick.ZAngstrom))
            {
                throw new ScoringException(
                    $"The {what} of run {run} hold a {pick.Particle} particle at ({pick.XAngstrom}, {pick.YAngstrom}, {pick.ZAngstrom}); expected finite coordinates in Å.");
            }

            byType[t].Add(i);
        }

        return byType;
    }
}
