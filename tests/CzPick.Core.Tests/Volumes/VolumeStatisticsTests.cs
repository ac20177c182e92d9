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

    [Fact]
    public async Task ComputeAsync_SectionsLargerThanAChunk_ChunksOfRowsGiveTheSameAnswer()
    {
        DenseVolume volume = Noise(new Shape3(2, 1100, 1000), seed: 11);

        VolumeStatistics streamed = await VolumeStatistics.ComputeAsync(volume);

        AssertSame(TwoPass(volume.Voxels), streamed);
    }

    [Fact]
    public async Task ComputeAsync_ManyChunksOnEveryCore_SameAsTwoPassInDouble()
    {
        DenseVolume volume = Noise(new Shape3(61, 200, 150), seed: 5);

        VolumeStatistics streamed = await VolumeStatistics.ComputeAsync(volume);

        AssertSame(TwoPass(volume.Voxels), streamed);
    }

    [Fact]
    public async Task ComputeAsync_Progress_EndsAtOne()
    {
        DenseVolume volume = Noise(new Shape3(61, 200, 150), seed: 5);
        List<double> reports = [];
        SynchronousProgress progress = new(value =>
        {
            lock (reports)
            {
                reports.Add(value);
            }
        });

        await VolumeStatistics.ComputeAsync(volume, progress);

        Assert.True(reports.Count > 1);
        Assert.Equal(1.0, reports.Max());
        Assert.All(reports, value => Assert.InRange(value, 0, 1));
    }

    [Fact]
    public void Compute_NaNVoxel_MeanIsNaN()
    {
        float[] voxels = [.. Enumerable.Range(0, 100).Select(i => (float)i)];
        voxels[40] = float.NaN;

        Assert.True(double.IsNaN(VolumeStatistics.Compute(voxels).Mean));
    }

    static DenseVolume Noise(Shape3 shape, int seed)
    {
        Random random = new(seed);
        DenseVolume volume = new("noise", shape, VoxelSizeAngstrom.Isotropic(10));
        for (int i = 0; i < volume.Voxels.Length; i++)
        {
            volume.Voxels[i] = (float)((random.NextDouble() * 8) - 3 + 1000);
        }

        return volume;
    }

    /// <summary>The textbook two-pass mean and standard deviation in double, as the oracle.</summary>
    static VolumeStatistics TwoPass(float[] voxels)
    {
        double mean = voxels.Sum(v => (double)v) / voxels.Length;
        double variance = voxels.Sum(v => (v - mean) * (v - mean)) / voxels.Length;
        return new VolumeStatistics(voxels.Length, voxels.Min(), voxels.Max(), mean, Math.Sqrt(variance));
    }

    static void AssertSame(VolumeStatistics expected, VolumeStatistics actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Min, actual.Min);
        Assert.Equal(expected.Max, actual.Max);
        Assert.Equal(expected.Mean, actual.Mean, 1e-9);
        Assert.Equal(expected.StandardDeviation, actual.StandardDeviation, 1e-9);
    }

    sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
