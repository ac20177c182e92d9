using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Volumes;

namespace CzPick.Cli.Bench;

/// <summary>A sphere painted into a <see cref="SyntheticTomogram"/>: its network label, centre and radius in voxels.</summary>
/// <param name="Label">The particle's label; the sphere's voxels hold this value.</param>
/// <param name="Z">The centre's section.</param>
/// <param name="Y">The centre's row.</param>
/// <param name="X">The centre's column.</param>
/// <param name="Radius">The radius in voxels.</param>
readonly record struct PlantedSphere(int Label, double Z, double Y, double X, double Radius);

/// <summary>
/// A real-size tomogram made on demand, region by region, so that a benchmark of the engine holds no more of it than
/// the engine does: uniform noise in ±0.35 everywhere, with spheres painted at their particle's label value (1–6).
/// Every particle type gets the same number of spheres of 0.6 × its radius, all far enough from the faces to be
/// pickable, plus thousands of tiny specks below every minimum blob size to exercise connected components.
/// </summary>
sealed class SyntheticTomogram : IVolumeSource
{
    /// <summary>The CZII tomograms' extent, 184 × 630 × 630.</summary>
    public static readonly Shape3 RealShape = new(184, 630, 630);

    const int NoiseLength = 1 << 16;
    const float NoiseAmplitude = 0.35f;
    readonly float[] noise;
    readonly PlantedSphere[] spheres;

    SyntheticTomogram(VolumeInfo info, float[] noise, PlantedSphere[] spheres)
    {
        this.Info = info;
        this.noise = noise;
        this.spheres = spheres;
    }

    /// <inheritdoc/>
    public VolumeInfo Info { get; }

    /// <summary>Gets the particles planted, specks excluded.</summary>
    public IReadOnlyList<PlantedSphere> Particles => [.. this.spheres.Where(s => s.Radius > 2)];

    /// <summary>Plants a tomogram.</summary>
    /// <param name="shape">The extent.</param>
    /// <param name="catalog">The particles; each label gets <paramref name="perType"/> spheres.</param>
    /// <param name="perType">Spheres per particle type.</param>
    /// <param name="specks">Tiny spheres of random labels.</param>
    /// <param name="seed">The random seed.</param>
    /// <returns>The tomogram, at the CZII voxel size.</returns>
    public static SyntheticTomogram Create(Shape3 shape, ParticleCatalog catalog, int perType, int specks, int seed)
    {
        Random random = new(seed);
        float[] noise = new float[NoiseLength];
        for (int i = 0; i < noise.Length; i++)
        {
            noise[i] = (float)((random.NextDouble() * 2) - 1) * NoiseAmplitude;
        }

        double voxelSize = VoxelSizeAngstrom.CziiSpacing;
        List<PlantedSphere> planted = [];
        foreach (ParticleType particle in catalog.Particles)
        {
            double radius = 0.6 * particle.RadiusAngstrom / voxelSize;
            int margin = (int)Math.Ceiling(radius) + (particle.Picking?.MinDistanceVoxels ?? 0) + 1;
            for (int i = 0; i < perType; i++)
            {
                Place(planted, random, shape, particle.Label, radius, margin, 3, 1000);
            }
        }

        for (int i = 0; i < specks; i++)
        {
            Place(planted, random, shape, random.Next(1, catalog.ChannelCount), 1.2, 2, 2, 20);
        }

        VolumeInfo info = new("synthetic", shape, VoxelSizeAngstrom.Isotropic(voxelSize), "synthetic", "float32");
        return new SyntheticTomogram(info, noise, [.. planted]);
    }

    /// <summary>
    /// Estimates the statistics without reading: the spheres' voxels are counted exactly, the noise is taken at its
    /// table's mean and variance. Close enough for a predictor to undo the z-score; the engine computes its own.
    /// </summary>
    /// <returns>The estimate.</returns>
    public VolumeStatistics EstimateStatistics()
    {
        double noiseMean = this.noise.Average(v => (double)v);
        double noiseSquares = this.noise.Average(v => (double)v * v);
        long total = this.Info.Shape.VoxelCount;
        long inside = 0;
        double sum = 0;
        double squares = 0;
        foreach (PlantedSphere sphere in this.spheres)
        {
            long count = Rows(sphere, Box3.Whole(this.Info.Shape)).Sum(row => (long)(row.X1 - row.X0));
            inside += count;
            sum += count * sphere.Label;
            squares += count * sphere.Label * sphere.Label;
        }

        double mean = (sum + ((total - inside) * noiseMean)) / total;
        double meanSquare = (squares + ((total - inside) * noiseSquares)) / total;
        return new VolumeStatistics(total, this.noise.Min(), this.spheres.Max(s => s.Label), mean, Math.Sqrt(meanSquare - (mean * mean)));
    }

    /// <inheritdoc/>
    public ValueTask ReadAsync(Box3 region, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        VolumeRegion.Validate(this.Info.Shape, region, destination.Length);
        Memory<float> target = destination;
        Parallel.For(region.Start.Z, region.End.Z, new ParallelOptions { CancellationToken = cancellationToken }, z =>
        {
            Span<float> voxels = target.Span;
            for (int y = region.Start.Y; y < region.End.Y; y++)
            {
                Span<float> row = voxels.Slice(RowOffset(region, z, y), region.Size.X);
                // A voxel's noise depends on its position only, never on the region read: (row hash + x) mod length.
                int from = (int)((((uint)(z * 73856093) ^ (uint)(y * 19349663)) + (uint)region.Start.X) % NoiseLength);
                int first = Math.Min(row.Length, NoiseLength - from);
                this.noise.AsSpan(from, first).CopyTo(row);
                this.noise.AsSpan(0, row.Length - first).CopyTo(row[first..]);
            }
        });

        Span<float> all = destination.Span;
        foreach (PlantedSphere sphere in this.spheres)
        {
            foreach ((int z, int y, int x0, int x1) in Rows(sphere, region))
            {
                all.Slice(RowOffset(region, z, y) + x0 - region.Start.X, x1 - x0).Fill(sphere.Label);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Does nothing: the tomogram is made on demand.</summary>
    public void Dispose()
    {
    }

    static int RowOffset(Box3 region, int z, int y) => (((z - region.Start.Z) * region.Size.Y) + (y - region.Start.Y)) * region.Size.X;

    static void Place(List<PlantedSphere> planted, Random random, Shape3 shape, int label, double radius, int margin, double gap, int attempts)
    {
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            PlantedSphere candidate = new(
                label,
                margin + (random.NextDouble() * (shape.Z - (2 * margin))),
                margin + (random.NextDouble() * (shape.Y - (2 * margin))),
                margin + (random.NextDouble() * (shape.X - (2 * margin))),
                radius);
            if (planted.TrueForAll(other => Distance(other, candidate) >= other.Radius + candidate.Radius + gap))
            {
                planted.Add(candidate);
                return;
            }
        }
    }

    static double Distance(PlantedSphere a, PlantedSphere b) =>
        Math.Sqrt(((a.Z - b.Z) * (a.Z - b.Z)) + ((a.Y - b.Y) * (a.Y - b.Y)) + ((a.X - b.X) * (a.X - b.X)));

    /// <summary>Lists the rows of a sphere inside a region: (z, y, first x, end x).</summary>
    static IEnumerable<(int Z, int Y, int X0, int X1)> Rows(PlantedSphere sphere, Box3 region)
    {
        int z0 = Math.Max(region.Start.Z, (int)Math.Ceiling(sphere.Z - sphere.Radius));
        int z1 = Math.Min(region.End.Z - 1, (int)Math.Floor(sphere.Z + sphere.Radius));
        for (int z = z0; z <= z1; z++)
        {
            double dz = z - sphere.Z;
            double inPlane = (sphere.Radius * sphere.Radius) - (dz * dz);
            double reachY = Math.Sqrt(inPlane);
            int y0 = Math.Max(region.Start.Y, (int)Math.Ceiling(sphere.Y - reachY));
            int y1 = Math.Min(region.End.Y - 1, (int)Math.Floor(sphere.Y + reachY));
            for (int y = y0; y <= y1; y++)
            {
                double dy = y - sphere.Y;
                double reachX = Math.Sqrt(Math.Max(0, inPlane - (dy * dy)));
                int x0 = Math.Max(region.Start.X, (int)Math.Ceiling(sphere.X - reachX));
                int x1 = Math.Min(region.End.X - 1, (int)Math.Floor(sphere.X + reachX));
                if (x1 >= x0)
                {
                    yield return (z, y, x0, x1 + 1);
                }
            }
        }
    }
}
