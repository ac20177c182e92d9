using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Cli.Bench;

/// <summary>How many planted particles of the picked types a benchmark's picks found: the check that it measured real work.</summary>
/// <param name="Planted">The planted particles of picked types.</param>
/// <param name="Found">Those with a pick of their type within half their radius.</param>
/// <param name="Picks">The picks.</param>
readonly record struct PlantedRecall(int Planted, int Found, int Picks)
{
    /// <summary>Matches picks to planted spheres.</summary>
    /// <param name="picks">The picks, in Å.</param>
    /// <param name="planted">The planted spheres, in voxels.</param>
    /// <param name="catalog">The particles.</param>
    /// <param name="voxelSize">The voxel size.</param>
    /// <returns>The counts.</returns>
    public static PlantedRecall Of(IReadOnlyList<Pick> picks, IReadOnlyList<PlantedSphere> planted, ParticleCatalog catalog, VoxelSizeAngstrom voxelSize)
    {
        ILookup<string, Pick> byType = picks.ToLookup(p => p.Particle);
        int targets = 0;
        int found = 0;
        foreach (PlantedSphere sphere in planted)
        {
            ParticleType particle = catalog.Particles.Single(p => p.Label == sphere.Label);
            if (!particle.IsPicked)
            {
                continue;
            }

            targets++;
            double reach = 0.5 * particle.RadiusAngstrom;
            if (byType[particle.Name].Any(p => Distance(p, sphere, voxelSize) < reach))
            {
                found++;
            }
        }

        return new PlantedRecall(targets, found, picks.Count);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{this.Found} of {this.Planted} planted particles found, {this.Picks} picks";

    static double Distance(Pick pick, PlantedSphere sphere, VoxelSizeAngstrom voxelSize)
    {
        double dz = pick.ZAngstrom - (sphere.Z * voxelSize.Z);
        double dy = pick.YAngstrom - (sphere.Y * voxelSize.Y);
        double dx = pick.XAngstrom - (sphere.X * voxelSize.X);
        return Math.Sqrt((dz * dz) + (dy * dy) + (dx * dx));
    }
}
