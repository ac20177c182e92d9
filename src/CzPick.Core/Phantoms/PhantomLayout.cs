using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Core.Phantoms;

/// <summary>
/// Where everything in a phantom is: the ice slab, the membranes and the particles, drawn from the seed before a
/// voxel is rendered. Each concern draws from its own stream, so that changing one option (say, the number of
/// membranes) does not move the particles of an otherwise equal phantom.
/// </summary>
sealed class PhantomLayout
{
    /// <summary>Attempts to place one particle before it is given up.</summary>
    const int PlacementAttempts = 2000;

    /// <summary>The clearance between a particle and a membrane's mid-surface beyond the particle's radius, in Å.</summary>
    const double MembraneClearanceAngstrom = 30;

    PhantomLayout(IceSlab? slab, Membrane[] membranes, PlacedParticle[] particles, Dictionary<string, int> requested)
    {
        this.Slab = slab;
        this.Membranes = membranes;
        this.Particles = particles;
        this.Requested = requested;
    }

    /// <summary>Gets the ice slab, or null when the ice fills the volume.</summary>
    public IceSlab? Slab { get; }

    /// <summary>Gets the membranes.</summary>
    public IReadOnlyList<Membrane> Membranes { get; }

    /// <summary>Gets the placed particles, largest first.</summary>
    public IReadOnlyList<PlacedParticle> Particles { get; }

    /// <summary>Gets how many of each type were asked for; more than were placed when the volume was too full.</summary>
    public IReadOnlyDictionary<string, int> Requested { get; }

    /// <summary>Draws a layout.</summary>
    /// <param name="options">The phantom's options, already validated.</param>
    /// <param name="seed">The seed.</param>
    /// <returns>The layout.</returns>
    public static PhantomLayout Draw(PhantomOptions options, long seed)
    {
        Shape3 shape = options.Shape;
        double voxel = options.VoxelSpacingAngstrom;

        RandomStream slabRandom = new(seed, PhantomStreams.Slab, 0);
        IceSlab? slab = options.IceSlab ? IceSlab.Draw(shape.Z, shape.Y, shape.X, ref slabRandom) : null;

        RandomStream membraneRandom = new(seed, PhantomStreams.Membranes, 0);
        int membraneCount = membraneRandom.NextInt(options.MaxMembranes + 1);
        Membrane[] membranes = new Membrane[membraneCount];
        for (int i = 0; i < membraneCount; i++)
        {
            membranes[i] = Membrane.Draw(shape.Z, shape.Y, shape.X, voxel, ref membraneRandom);
        }

        Dictionary<string, int> requested = DrawCounts(options, seed);

        // Largest first: big particles find room in an empty volume, small ones fill the gaps.
        RandomStream placement = new(seed, PhantomStreams.Placement, 0);
        List<PlacedParticle> placed = [];
        foreach (ParticleType type in ParticleCatalog.Czii.Particles.OrderByDescending(p => p.RadiusAngstrom).ThenBy(p => p.Label))
        {
            PhantomParticleModel model = PhantomParticleModel.Get(type.Name);
            for (int n = 0; n < requested[type.Name]; n++)
            {
                if (TryPlace(type, model, shape, voxel, slab, membranes, placed, ref placement, out PlacedParticle particle))
                {
                    placed.Add(particle);
                }
            }
        }

        return new PhantomLayout(slab, membranes, [.. placed], requested);
    }

    static Dictionary<string, int> DrawCounts(PhantomOptions options, long seed)
    {
        RandomStream random = new(seed, PhantomStreams.Counts, 0);
        double volumeCubicAngstrom = options.Shape.VoxelCount * Math.Pow(options.VoxelSpacingAngstrom, 3);
        Dictionary<string, int> counts = new(StringComparer.Ordinal);
        foreach (ParticleType type in ParticleCatalog.Czii.Particles)
        {
            double spread = random.NextDouble(0.6, 1.4);
            counts[type.Name] = options.Counts is { } exact
                ? exact.GetValueOrDefault(type.Name)
                : (int)Math.Round(PhantomParticleModel.Get(type.Name).MeanCount * options.Crowding * spread *
                    volumeCubicAngstrom / PhantomParticleModel.ReferenceVolumeCubicAngstrom);
        }

        return counts;
    }

    /// <summary>
    /// Draws positions until one keeps the whole particle inside the volume (and the ice), clear of the membranes and
    /// at least the sum of the two radii from every particle already placed, so that no two densities touch.
    /// </summary>
    static bool TryPlace(
        ParticleType type,
        PhantomParticleModel model,
        Shape3 shape,
        double voxel,
        IceSlab? slab,
        Membrane[] membranes,
        List<PlacedParticle> placed,
        ref RandomStream random,
        out PlacedParticle particle)
    {
        double radius = type.RadiusAngstrom / voxel;
        double membraneClearance = radius + (MembraneClearanceAngstrom / voxel);
        particle = default;
        if (2 * radius > shape.Z - 1 || 2 * radius > shape.Y - 1 || 2 * radius > shape.X - 1)
        {
            return false;
        }

        for (int attempt = 0; attempt < PlacementAttempts; attempt++)
        {
            double z = random.NextDouble(radius, shape.Z - 1 - radius);
            double y = random.NextDouble(radius, shape.Y - 1 - radius);
            double x = random.NextDouble(radius, shape.X - 1 - radius);
            if ((slab is { } ice && (z - ice.BottomAt(y, x) < radius || ice.TopAt(y, x) - z < radius)) ||
                membranes.Any(m => m.DistanceTo(z, y, x) < membraneClearance) ||
                placed.Any(p => Overlaps(p, z, y, x, type.RadiusAngstrom / voxel, voxel)))
            {
                continue;
            }

            particle = new PlacedParticle(type, model, z, y, x, Rotation3.Uniform(ref random));
            return true;
        }

        return false;
    }

    static bool Overlaps(PlacedParticle other, double z, double y, double x, double radius, double voxel)
    {
        double reach = radius + (other.Type.RadiusAngstrom / voxel);
        double dz = other.Z - z;
        double dy = other.Y - y;
        double dx = other.X - x;
        return (dz * dz) + (dy * dy) + (dx * dx) < reach * reach;
    }
}
