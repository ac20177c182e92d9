using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Core.Phantoms;

/// <summary>
/// Measures how strong the particles' signal is after the blur, so that the noise can be scaled to a requested
/// signal-to-noise ratio before the volume is rendered (noise and signal are then blurred together, in one pass).
/// Each model is rendered alone in a small box at a few fixed orientations and blurred with the phantom's kernels;
/// the sum of squares over the voxels within its radius, averaged over orientations, stands for every copy.
/// </summary>
static class ParticleSignal
{
    /// <summary>The orientations averaged per model; the blur is anisotropic, so orientation matters a little.</summary>
    const int Probes = 4;

    /// <summary>
    /// Computes the mean square of the blurred particle contrast over the voxels within each particle's radius, over
    /// all the given particles; over one copy of each model when there are none, so that the noise stays defined.
    /// </summary>
    /// <param name="particles">The placed particles.</param>
    /// <param name="voxelAngstrom">The voxel size.</param>
    /// <param name="blur">The phantom's blur.</param>
    /// <returns>The mean square, in units of protein density squared.</returns>
    public static double MeanSquare(IReadOnlyList<PlacedParticle> particles, double voxelAngstrom, PhantomBlur blur)
    {
        IEnumerable<PlacedParticle> census = particles.Count > 0
            ? particles
            : ParticleCatalog.Czii.Particles.Select(t => new PlacedParticle(t, PhantomParticleModel.Get(t.Name), 0, 0, 0, Rotation3.Identity));
        Dictionary<string, (double SumOfSquares, long Voxels)> perModel = new(StringComparer.Ordinal);
        double sumOfSquares = 0;
        long voxels = 0;
        foreach (PlacedParticle particle in census)
        {
            if (!perModel.TryGetValue(particle.Type.Name, out (double SumOfSquares, long Voxels) measured))
            {
                measured = Measure(particle, voxelAngstrom, blur);
                perModel[particle.Type.Name] = measured;
            }

            sumOfSquares += measured.SumOfSquares;
            voxels += measured.Voxels;
        }

        return sumOfSquares / voxels;
    }

    static (double SumOfSquares, long Voxels) Measure(PlacedParticle particle, double voxelAngstrom, PhantomBlur blur)
    {
        int margin = blur.BeforeNoise.Radius + blur.AfterNoise.Radius;
        int half = (int)Math.Ceiling(particle.Model.Shape.ExtentAngstrom / voxelAngstrom) + 1 + margin;
        int side = (2 * half) + 1;
        Shape3 box = new(side, side, side);
        double radius = particle.Type.RadiusAngstrom / voxelAngstrom;
        RandomStream random = new(0, PhantomStreams.SignalProbes, (ulong)particle.Type.Label);
        ParallelOptions sequential = new() { MaxDegreeOfParallelism = 1 };
        double sumOfSquares = 0;
        long inside = 0;
        for (int probe = 0; probe < Probes; probe++)
        {
            PlacedParticle copy = particle with { Z = half, Y = half, X = half, Rotation = Rotation3.Uniform(ref random) };
            float[] voxels = new float[box.VoxelCount];
            for (int z = 0; z < side; z++)
            {
                copy.AddTo(voxels.AsSpan(z * side * side, side * side), z, side, side, voxelAngstrom, 1);
            }

            blur.ApplyAll(voxels, box, sequential);
            inside = 0;
            for (int z = 0; z < side; z++)
            {
                for (int y = 0; y < side; y++)
                {
                    for (int x = 0; x < side; x++)
                    {
                        double dz = z - half;
                        double dy = y - half;
                        double dx = x - half;
                        if ((dz * dz) + (dy * dy) + (dx * dx) <= radius * radius)
                        {
                            double value = voxels[box.IndexOf(z, y, x)];
                            sumOfSquares += value * value;
                            inside++;
                        }
                    }
                }
            }
        }

        return (sumOfSquares / Probes, inside);
    }
}
