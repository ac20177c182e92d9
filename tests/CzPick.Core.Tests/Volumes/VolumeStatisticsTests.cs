using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Volumes;

public sealed class VolumeStatisticsTests
{
    [Fact]
    public void Compute_HandValues_PopulationStatistics()
    {
        // Values 1..9 and -5: mean 4, population variance (Σx² / n − mean²) = (285 + 25) / 10 − 16 = 15.
        float[] voxels = [1, 2, 3, 4, 5, 6, 7, 8, 9, -5];

        VolumeStatistics statistics = VolumeStatistics.Compute(voxels);

        Assert.Equal(10, statistics.Count);
        Assert.Equal(-5, statistics.Min);
        Assert.Equal(9, statistics.Max);
        Assert.Equal(4, statistics.Mean, 12);
        Assert.Equal(Math.Sqrt(15), statistics.StandardDeviation, 12);
    }

    [Fact]
    public void Compute_LargeOffset_KeepsVarianceExact()
    {
        // uint16-like data: 60000 ± 1 alternating. A naive float32 Σx² would lose the variance entirely.
        float[] voxels = Enumerable.Range(0, 100_003).Select(i => i % 2 == 0 ? 60001f : 59999f).ToArray();

        VolumeStatistics statistics = VolumeStatistics.Compute(voxels);

        double mean = voxels.Average(v => (double)v);
        double std = Math.Sqrt(voxels.Average(v => (v - mean) * (v - mean)));
        Assert.Equal(mean, statistics.Mean, 9);
        Assert.Equal(std, statistics.StandardDeviation, 9);
    }

    [Fact]
    public async Task ComputeAsync_StreamedSlabs_EqualsInMemory()
    {
        Random random = new(7);
        DenseVolume volume = new("noise", new Shape3(37, 29, 31), VoxelSizeAngstrom.Isotropic(10));
        for (int i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = (float)(random.NextDouble() * 8 - 3);
        }

        VolumeStatistics streamed = await VolumeStatistics.ComputeAsync(volume);
        VolumeStatistics direct = VolumeStatistics.Compute(volume.Voxels);

        Assert.Equal(direct.Count, streamed.Count);
        Assert.Equal(direct.Mean, streamed.Mean, 10);
        Assert.Equal(direct.StandardDeviation, streamed.StandardDeviation, 10);
        Assert.Equal(volume.Voxels.Min(), streamed.Min);
        Assert.Equal(volume.Voxels.Max(), streamed.Max);
    }
}
