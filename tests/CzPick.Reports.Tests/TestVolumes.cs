using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Reports.Tests;

/// <summary>Volumes built in memory for the report tests.</summary>
static class TestVolumes
{
    /// <summary>A volume whose voxel (z, y, x) holds z × 10000 + y × 100 + x, so a read shows where it came from.</summary>
    public static DenseVolume Indexed(Shape3 shape, double voxelSize = 10)
    {
        DenseVolume volume = new("indexed", shape, VoxelSizeAngstrom.Isotropic(voxelSize));
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    volume[z, y, x] = (z * 10000) + (y * 100) + x;
                }
            }
        }

        return volume;
    }

    /// <summary>
    /// A small tomogram-like volume: Gaussian noise with each particle a brighter ball of its catalog radius, so that
    /// screenshots look like something and picks sit on particles.
    /// </summary>
    public static DenseVolume Tomogram(string run, Shape3 shape, double voxelSize, IEnumerable<Pick> particles, int seed = 1)
    {
        DenseVolume volume = new(run, shape, VoxelSizeAngstrom.Isotropic(voxelSize));
        Random random = new(seed);
        for (int i = 0; i < volume.Voxels.Length; i++)
        {
            // Box–Muller: a standard normal from two uniforms.
            volume.Voxels[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        foreach (Pick particle in particles)
        {
            double radius = ParticleCatalog.Czii[particle.Particle].RadiusAngstrom / voxelSize;
            (double cz, double cy, double cx) = (particle.ZAngstrom / voxelSize, particle.YAngstrom / voxelSize, particle.XAngstrom / voxelSize);
            for (int z = Math.Max(0, (int)(cz - radius)); z <= Math.Min(shape.Z - 1, (int)(cz + radius) + 1); z++)
            {
                for (int y = Math.Max(0, (int)(cy - radius)); y <= Math.Min(shape.Y - 1, (int)(cy + radius) + 1); y++)
                {
                    for (int x = Math.Max(0, (int)(cx - radius)); x <= Math.Min(shape.X - 1, (int)(cx + radius) + 1); x++)
                    {
                        if (((z - cz) * (z - cz)) + ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= radius * radius)
                        {
                            volume[z, y, x] += 2.5f;
                        }
                    }
                }
            }
        }

        return volume;
    }
}

/// <summary>A real volume that records every region read from it, to prove what a report reads.</summary>
/// <param name="inner">The volume read.</param>
sealed class RecordingVolume(IVolumeSource inner) : IVolumeSource
{
    /// <summary>Gets the regions read, in order.</summary>
    public List<Box3> Reads { get; } = [];

    /// <inheritdoc/>
    public VolumeInfo Info => inner.Info;

    /// <inheritdoc/>
    public ValueTask ReadAsync(Box3 region, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        lock (this.Reads)
        {
            this.Reads.Add(region);
        }

        return inner.ReadAsync(region, destination, cancellationToken);
    }

    /// <inheritdoc/>
    public void Dispose() => inner.Dispose();
}
