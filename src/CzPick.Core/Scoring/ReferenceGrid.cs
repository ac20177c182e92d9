using CzPick.Core.Picking;

namespace CzPick.Core.Scoring;

/// <summary>
/// The reference particles of one type in one run, hashed into cubic cells as wide as the match radius, so that a
/// pick is compared only with the references in its own and the 26 neighbouring cells.
/// </summary>
sealed class ReferenceGrid
{
    readonly IReadOnlyList<Pick> references;
    readonly double radiusSquared;
    readonly double cellSize;
    readonly Dictionary<(long X, long Y, long Z), List<int>> cells = [];

    /// <summary>Initializes a new instance of the <see cref="ReferenceGrid"/> class.</summary>
    /// <param name="references">The reference particles.</param>
    /// <param name="radius">A pick matches a reference at this distance or closer, in Å (inclusive, as scipy's KDTree ball query).</param>
    public ReferenceGrid(IReadOnlyList<Pick> references, double radius)
    {
        this.references = references;
        this.radiusSquared = radius * radius;

        // A hair wider than the radius, so that rounding in the division can never put a pick and a reference within
        // the radius two cells apart.
        this.cellSize = radius * (1 + 1e-9);
        for (int i = 0; i < references.Count; i++)
        {
            (long X, long Y, long Z) cell = this.CellOf(references[i]);
            if (!this.cells.TryGetValue(cell, out List<int>? members))
            {
                members = [];
                this.cells.Add(cell, members);
            }

            members.Add(i);
        }
    }

    /// <summary>
    /// Matches candidates to the references, in candidate order: marks every reference that at least one candidate
    /// hits, and every candidate that is the first to hit at least one reference.
    /// </summary>
    /// <param name="candidates">The picks.</param>
    /// <returns>The marks, and the number of distinct references hit, however many picks hit each.</returns>
    public GridMatch Match(IReadOnlyList<Pick> candidates)
    {
        bool[] referenceHit = new bool[this.references.Count];
        bool[] candidateClaimed = new bool[candidates.Count];
        int count = 0;
        for (int c = 0; c < candidates.Count; c++)
        {
            Pick candidate = candidates[c];
            (long x, long y, long z) = this.CellOf(candidate);
            for (long dz = -1; dz <= 1; dz++)
            {
                for (long dy = -1; dy <= 1; dy++)
                {
                    for (long dx = -1; dx <= 1; dx++)
                    {
                        if (!this.cells.TryGetValue((unchecked(x + dx), unchecked(y + dy), unchecked(z + dz)), out List<int>? members))
                        {
                            continue;
                        }

                        foreach (int i in members)
                        {
                            if (!referenceHit[i] && this.Within(candidate, this.references[i]))
                            {
                                referenceHit[i] = true;
                                candidateClaimed[c] = true;
                                count++;
                            }
                        }
                    }
                }
            }
        }

        return new GridMatch(referenceHit, candidateClaimed, count);
    }

    bool Within(Pick a, Pick b)
    {
        double dx = a.XAngstrom - b.XAngstrom;
        double dy = a.YAngstrom - b.YAngstrom;
        double dz = a.ZAngstrom - b.ZAngstrom;
        return (dx * dx) + (dy * dy) + (dz * dz) <= this.radiusSquared;
    }

    // Saturating conversion (.NET 9+) keeps absurdly far coordinates in the outermost cells instead of wrapping.
    (long X, long Y, long Z) CellOf(Pick pick) =>
        ((long)Math.Floor(pick.XAngstrom / this.cellSize), (long)Math.Floor(pick.YAngstrom / this.cellSize), (long)Math.Floor(pick.ZAngstrom / this.cellSize));
}

/// <summary>What <see cref="ReferenceGrid.Match"/> found.</summary>
/// <param name="ReferenceHit">Per reference, in order: whether at least one candidate lies within the radius.</param>
/// <param name="CandidateClaimed">Per candidate, in order: whether it was the first to hit at least one reference.</param>
/// <param name="MatchedReferenceCount">The number of references hit.</param>
readonly record struct GridMatch(bool[] ReferenceHit, bool[] CandidateClaimed, int MatchedReferenceCount);
