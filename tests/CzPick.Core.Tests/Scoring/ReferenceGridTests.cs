using CzPick.Core.Picking;
using CzPick.Core.Scoring;

namespace CzPick.Core.Tests.Scoring;

public sealed class ReferenceGridTests
{
    [Theory]
    [InlineData(1, 30.0)]
    [InlineData(2, 75.0)]
    [InlineData(3, 0.5)]
    public void CountMatchedReferences_RandomCloud_EqualsBruteForce(int seed, double radius)
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

        int expected = references.Count(r => candidates.Any(c => Squared(c, r) <= radius * radius));
        int actual = new ReferenceGrid(references, radius).CountMatchedReferences(candidates);

        Assert.Equal(expected, actual);
        Assert.InRange(expected, 100, 1900);
    }

    [Fact]
    public void CountMatchedReferences_NoCandidates_Zero()
    {
        Assert.Equal(0, new ReferenceGrid([new Pick("x", 0, 0, 0, 1)], 10).CountMatchedReferences([]));
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
