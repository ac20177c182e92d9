using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Core.Phantoms;

/// <summary>
/// Makes synthetic tomograms with ground truth: the six CZII particles as distinct shapes at their true sizes, in
/// random orientations, placed without overlap; membranes and a tilted ice slab as distractors; band-limited noise
/// at a chosen signal-to-noise ratio; and a missing-wedge-like blur, longer along z. The same seed and options give
/// the same volume and truth, bit for bit, whatever the number of threads.
/// </summary>
public static class PhantomGenerator
{
    /// <summary>Generates one phantom.</summary>
    /// <param name="options">What the phantom looks like.</param>
    /// <param name="seed">The seed; any value.</param>
    /// <param name="name">The run name the volume carries.</param>
    /// <param name="maxDegreeOfParallelism">The most threads to use; -1 for all cores. It never changes the result.</param>
    /// <param name="cancellationToken">Cancels the generation.</param>
    /// <returns>The phantom.</returns>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static Phantom Generate(PhantomOptions options, long seed, string name, int maxDegreeOfParallelism = -1, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        options.Validate();
        ParallelOptions parallel = new() { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken };
        Shape3 shape = options.Shape;
        double voxel = options.VoxelSpacingAngstrom;

        PhantomLayout layout = PhantomLayout.Draw(options, seed);
        PhantomBlur blur = new(options);

        // The noise's level is set before a voxel is rendered: the particles' signal after the blur is measured on
        // one rendered copy of each model, and the blur's effect on white noise is known from its kernels.
        double signalMeanSquare = ParticleSignal.MeanSquare(layout.Particles, voxel, blur);
        double noiseStandardDeviation = double.IsPositiveInfinity(options.SignalToNoiseRatio)
            ? 0
            : Math.Sqrt(signalMeanSquare / options.SignalToNoiseRatio);
        float whiteNoise = (float)(noiseStandardDeviation / Math.Sqrt(blur.NoiseVarianceGain));
        float contrast = options.DarkParticles ? -1 : 1;

        (float[] Bottom, float[] Top, float[] Level)? slabColumns = layout.Slab?.Columns(shape.Y, shape.X);
        float[] voxels = new float[shape.VoxelCount];
        int sectionLength = checked((int)shape.SectionVoxelCount);
        Parallel.For(0, shape.Z, parallel, z =>
        {
            Span<float> section = voxels.AsSpan(z * sectionLength, sectionLength);
            if (slabColumns is { } columns)
            {
                IceSlab.AddTo(section, z, columns, contrast);
            }

            foreach (Membrane membrane in layout.Membranes)
            {
                membrane.AddTo(section, z, shape.Y, shape.X, contrast);
            }

            foreach (PlacedParticle particle in layout.Particles)
            {
                particle.AddTo(section, z, shape.Y, shape.X, voxel, contrast);
            }
        });

        blur.BeforeNoise.Apply(voxels, shape, parallel);
        if (whiteNoise > 0)
        {
            Parallel.For(0, shape.Z, parallel, z =>
            {
                RandomStream noise = new(seed, PhantomStreams.Noise, (ulong)z);
                noise.AddNoise(voxels.AsSpan(z * sectionLength, sectionLength), whiteNoise);
            });
        }

        blur.AfterNoise.Apply(voxels, shape, parallel);
        byte[]? labels = options.IncludeLabels ? PaintLabels(layout, shape, voxel, options.LabelRadiusFraction) : null;
        DenseVolume volume = new(new VolumeInfo(name, shape, VoxelSizeAngstrom.Isotropic(voxel), "phantom", "float32"), voxels);
        return new Phantom(seed, volume, layout, labels, signalMeanSquare, noiseStandardDeviation);
    }

    /// <summary>
    /// Paints each particle's label on the voxels within a fraction of its radius of its centre, the training target
    /// copick's segmentation-from-picks makes. The balls never overlap: centres are at least the sum of the radii apart.
    /// </summary>
    static byte[] PaintLabels(PhantomLayout layout, Shape3 shape, double voxel, double fraction)
    {
        byte[] labels = new byte[shape.VoxelCount];
        foreach (PlacedParticle particle in layout.Particles)
        {
            double radius = fraction * particle.Type.RadiusAngstrom / voxel;
            byte label = checked((byte)particle.Type.Label);
            for (int z = Math.Max(0, (int)Math.Ceiling(particle.Z - radius)); z <= Math.Min(shape.Z - 1, (int)Math.Floor(particle.Z + radius)); z++)
            {
                for (int y = Math.Max(0, (int)Math.Ceiling(particle.Y - radius)); y <= Math.Min(shape.Y - 1, (int)Math.Floor(particle.Y + radius)); y++)
                {
                    for (int x = Math.Max(0, (int)Math.Ceiling(particle.X - radius)); x <= Math.Min(shape.X - 1, (int)Math.Floor(particle.X + radius)); x++)
                    {
                        double dz = z - particle.Z;
                        double dy = y - particle.Y;
                        double dx = x - particle.X;
                        if ((dz * dz) + (dy * dy) + (dx * dx) <= radius * radius)
                        {
                            labels[shape.IndexOf(z, y, x)] = label;
                        }
                    }
                }
            }
        }

        return labels;
    }
}
