using CzPick.Core.Particles;

namespace CzPick.Core.Picking;

/// <summary>
/// Joins the picks of the blocks of one volume, removing particles picked twice across a seam: of two picks of the
/// same particle type from different blocks closer than half the particle's radius, the lower-scored one goes.
/// </summary>
/// <remarks>
/// <para>
/// Half the radius is the metric's own tolerance: two picks that close would both hit the same reference particle,
/// so one of them could only ever be a false positive.
/// </para>
/// <para>
/// Keep, not merge: each pick is a centroid some block actually computed from its full context; averaging two of
/// them would place a pick neither block found, and could land between two genuinely distinct particles. Picks of
/// one block are never compared with each other: the seed does not deduplicate, so a whole volume picked as one
/// block comes out exactly as the seed would pick it.
/// </para>
/// </remarks>
public static class PickDeduplicator
{
    /// <summary>Joins the picks of several blocks.</summary>
    /// <param name="picksPerBlock">The picks of each block.</param>
    /// <param name="catalog">The particles, for their radii.</param>
    /// <returns>The surviving picks, in block order and, within a block, in its order.</returns>
    /// <exception cref="KeyNotFoundException">A pick names a particle the catalog does not know.</exception>
    public static IReadOnlyList<Pick> Deduplicate(IReadOnlyList<IReadOnlyList<Pick>> picksPerBlock, ParticleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(picksPerBlock);
        ArgumentNullException.ThrowIfNull(catalog);
        List<(Pick Pick, int Block, int Order)> all = [];
        for (int block = 0; block < picksPerBlock.Count; block++)
        {
            foreach (Pick pick in picksPerBlock[block])
            {
                all.Add((pick, block, all.Count));
            }
        }

        bool[] dropped = new bool[all.Count];
        foreach (IGrouping<string, (Pick Pick, int Block, int Order)> type in all.GroupBy(p => p.Pick.Particle))
        {
            double reach = 0.5 * catalog[type.Key].RadiusAngstrom;
            Dictionary<(long, long, long), List<(Pick Pick, int Block)>> kept = [];
            foreach ((Pick pick, int block, int order) in type.OrderByDescending(p => p.Pick.Score).ThenBy(p => p.Order))
            {
                (long cz, long cy, long cx) = Cell(pick, reach);
                if (Neighbours(kept, cz, cy, cx).Any(other => other.Block != block && Distance(other.Pick, pick) < reach))
                {
                    dropped[order] = true;
                    continue;
                }

                if (!kept.TryGetValue((cz, cy, cx), out List<(Pick, int)>? cell))
                {
                    kept[(cz, cy, cx)] = cell = [];
                }

                cell.Add((pick, block));
            }
        }

        return [.. all.Where(p => !dropped[p.Order]).Select(p => p.Pick)];
    }

    static IEnumerable<(Pick Pick, int Block)> Neighbours(Dictionary<(long, long, long), List<(Pick Pick, int Block)>> cells, long cz, long cy, long cx)
    {
        for (long z = cz - 1; z <= cz + 1; z++)
        {
            for (long y = cy - 1; y <= cy + 1; y++)
            {
                for (long x = cx - 1; x <= cx + 1; x++)
                {
                    if (cells.TryGetValue((z, y, x), out List<(Pick Pick, int Block)>? members))
                    {
                        foreach ((Pick Pick, int Block) member in members)
                        {
                            yield return member;
                        }
                    }
                }
            }
        }
    }

    static (long, long, long) Cell(Pick pick, double size) => size > 0
        ? ((long)Math.Floor(pick.ZAngstrom / size), (long)Math.Floor(pick.YAngstrom / size), (long)Math.Floor(pick.XAngstrom / size))
        : (0, 0, 0);

    static double Distance(Pick a, Pick b)
    {
        double dz = a.ZAngstrom - b.ZAngstrom;
        double dy = a.YAngstrom - b.YAngstrom;
        double dx = a.XAngstrom - b.XAngstrom;
        return Math.Sqrt((dz * dz) + (dy * dy) + (dx * dx));
    }
}
