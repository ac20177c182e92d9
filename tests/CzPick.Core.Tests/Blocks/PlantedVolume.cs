using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Blocks;

/// <summary>A volume with spheres painted at each particle's label value (background 0), and where they are.</summary>
sealed class PlantedVolume
{
    public PlantedVolume(Shape3 shape, double voxelSize, IEnumerable<(int Label, double Z, double Y, double X, double Radius)> spheres)
    {
        this.Volume = new DenseVolume("planted", shape, VoxelSizeAngstrom.Isotropic(voxelSize));
        this.Spheres = [.. spheres];
        foreach ((int label, double cz, double cy, double cx, double radius) in this.Spheres)
        {
            for (int z = 0; z < shape.Z; z++)
            {
                for (int y = 0; y < shape.Y; y++)
                {
                    for (int x = 0; x < shape.X; x++)
                    {
                        if (((z - cz) * (z - cz)) + ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= radius * radius)
                        {
                            this.Volume[z, y, x] = label;
                        }
                    }
                }
            }
        }

        this.Statistics = VolumeStatistics.Compute(this.Volume.Voxels);
    }

    public DenseVolume Volume { get; }

    public IReadOnlyList<(int Label, double Z, double Y, double X, double Radius)> Spheres { get; }

    public VolumeStatistics Statistics { get; }

    /// <summary>Returns the centroid of the voxels painted for one sphere, in voxels.</summary>
    public (double Z, double Y, double X) Centroid(int sphere)
    {
        (int label, double cz, double cy, double cx, double radius) = this.Spheres[sphere];
        double sz = 0, sy = 0, sx = 0;
        int count = 0;
        Shape3 shape = this.Volume.Shape;
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    if (((z - cz) * (z - cz)) + ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= radius * radius && this.Volume[z, y, x] == label)
                    {
                        (sz, sy, sx, count) = (sz + z, sy + y, sx + x, count + 1);
                    }
                }
            }
        }

        return (sz / count, sy / count, sx / count);
    }
}

/// <summary>
/// A real, trivial network: each voxel alone decides its class, the nearest label to its value before the
/// z-score. logit_c = −8 (value − c)², so a painted sphere is its label's class with probability ≈ 1.
/// </summary>
sealed class LabelValuePredictor(VolumeStatistics statistics, int channels) : IPatchPredictor
{
    public int ChannelCount => channels;

    public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits)
    {
        float std = (float)statistics.StandardDeviation;
        float mean = (float)statistics.Mean;
        for (int c = 0; c < channels; c++)
        {
            Span<float> channel = logits.Slice(c * patch.Length, patch.Length);
            for (int i = 0; i < patch.Length; i++)
            {
                float value = (patch[i] * std) + mean;
                channel[i] = -8 * (value - c) * (value - c);
            }
        }
    }
}
