using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Phantoms;

/// <summary>A synthetic tomogram with its ground truth.</summary>
public sealed class Phantom
{
    internal Phantom(long seed, DenseVolume volume, PhantomLayout layout, byte[]? labels, double signalMeanSquare, double noiseStandardDeviation)
    {
        this.Seed = seed;
        this.Volume = volume;
        this.Layout = layout;
        this.Labels = labels;
        this.SignalMeanSquare = signalMeanSquare;
        this.NoiseStandardDeviation = noiseStandardDeviation;
        double voxel = volume.Info.VoxelSize.X;
        this.Truth = [.. layout.Particles.Select(p => new Pick(p.Type.Name, p.X * voxel, p.Y * voxel, p.Z * voxel, 1f))];
        this.UnplacedCount = layout.Requested.Values.Sum() - layout.Particles.Count;
    }

    /// <summary>Gets the seed the phantom was drawn from.</summary>
    public long Seed { get; }

    /// <summary>Gets the tomogram.</summary>
    public DenseVolume Volume { get; }

    /// <summary>
    /// Gets the particles' true centres in Å (voxel index × voxel size, as copick locates picks), score 1, largest
    /// particles first.
    /// </summary>
    public IReadOnlyList<Pick> Truth { get; }

    /// <summary>
    /// Gets the label map when it was asked for: per voxel, in C order like the volume, the label of the particle
    /// whose label ball holds it, 0 for background.
    /// </summary>
    public byte[]? Labels { get; }

    /// <summary>Gets the mean square of the noise-free particle contrast within the particles' radii.</summary>
    public double SignalMeanSquare { get; }

    /// <summary>Gets the standard deviation of the noise in the volume (0 when noise-free).</summary>
    public double NoiseStandardDeviation { get; }

    /// <summary>Gets how many of the requested particles found no room; 0 unless the volume is over-full.</summary>
    public int UnplacedCount { get; }

    /// <summary>Gets where everything is.</summary>
    internal PhantomLayout Layout { get; }
}
