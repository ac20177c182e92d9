using CzPick.Core.Picking;
using CzPick.Core.Scoring;

namespace CzPick.Core.Tests.Scoring;

public sealed class ReferenceGridTests
{
    [Theory]
    [InlineData(1, 30.0)]
    [InlineData(2, 75.0)]
    [InlineData(3, 0.5)]
    public void Match_RandomCloud_EqualsBruteForce(int seed, double radius)
    {
        // Candidates are references moved by up to 1.5 × radius, so many fall near the boundary and across cells,
        // plus some far away; negative coordinates exercise the floor of cell indices.
        Random random = new(seed);
        Pick[] references = [.. Enumerable.Range(0, 2000).Select(_ => Random(random, -50 * radius, 50 * radius))];
        Pick[] candidates =
        [
            .. references.Take(1500).Select(r => new Pick("x", r.XAngstrom + Offset(random, radius), r.YAngstrom + Offset(random, radius), r.ZAngstrom + Offset(random, radius), 1)),
            .. Enumerable.Range(0, 500).Select(_ => Random(random, -60 * radius, 60 * radius)),
        ];

        bool[] expectedHit = [.. references.Select(r => candidates.Any(c => Squared(c, r) <= radius * radius))];

        // A candidate claims a reference when no earlier candidate hit it: brute force in candidate order.
        bool[] taken = new bool[references.Length];
        bool[] expectedClaimed = new bool[candidates.Length];
        for (int c = 0; c < candidates.Length; c++)
        {
            for (int r = 0; r < references.Length; r++)
            {
                if (!taken[r] && Squared(candidates[c], references[r]) <= radius * radius)
                {
                    taken[r] = true;
                    expectedClaimed[c] = true;
                }
            }
        }

        GridMatch actual = new ReferenceGrid(references, radius).Match(candidates);

        Assert.Equal(expectedHit, actual.ReferenceHit);
        Assert.Equal(expectedClaimed, actual.CandidateClaimed);
        Assert.Equal(expectedHit.Count(h => h), actual.MatchedReferenceCount);
        Assert.InRange(actual.MatchedReferenceCount, 100, 1900);
    }

    [Fact]
    public void Match_NoCandidates_NothingHit()
    {
        GridMatch match = new ReferenceGrid([new Pick("x", 0, 0, 0, 1)], 10).Match([]);

        Assert.Equal(0, match.MatchedReferenceCount);
        Assert.Equal([false], match.ReferenceHit);
    }

    [Fact]
    public void Match_SecondPickOnTheSameReference_OnlyTheFirstClaims()
    {
        GridMatch match = new ReferenceGrid([new Pick("x", 0, 0, 0, 1)], 10).Match([new Pick("x", 3, 0, 0, 1), new Pick("x", 0, 4, 0, 1), new Pick("x", 50, 0, 0, 1)]);

        Assert.Equal([true, false, false], match.CandidateClaimed);
        Assert.Equal(1, match.MatchedReferenceCount);
    }

    static double Offset(Random random, double radius) => (random.NextDouble() - 0.5) * 1.5 * radius;

    static Pick Random(Random random, double low, double high) =>
        new("x", low + (random.NextDouble() * (high - low)), low + (random.NextDouble() * (high - low)), low + (random.NextDouble() * (high - low)), 1);

    static double Squared(Pick a, Pick b)
    {
        double dx = a.XAngstrom - b.XAngstrom;
        double dy = a.YAngstrom - b.YAngstrom;
        double dz = a.ZAngstrom - b.ZAngstrom;
        return (dx * dx) + (dy * dy) + (dz * dz);
    }
}
