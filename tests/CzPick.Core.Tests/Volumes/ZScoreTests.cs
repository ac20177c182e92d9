using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Volumes;

public sealed class ZScoreTests
{
    [Fact]
    public void Apply_HandValues_MeanZeroUnitDeviation()
    {
        // 1, 2, 3, 4: mean 2.5, population variance 1.25.
        float[] voxels = [1, 2, 3, 4];

        ZScore.Apply(voxels, VolumeStatistics.Compute(voxels));

        double std = Math.Sqrt(1.25);
        Assert.Equal(new[] { -1.5 / std, -0.5 / std, 0.5 / std, 1.5 / std }, voxels.Select(v => (double)v), new Tolerance(1e-6));
    }

    [Fact]
    public void Apply_LongerThanOneStep_EveryVoxelNormalized()
    {
        Random random = new(9);
        float[] source = [.. Enumerable.Range(0, 10_001).Select(_ => (float)((random.NextDouble() * 50) + 200))];
        VolumeStatistics statistics = VolumeStatistics.Compute(source);
        float[] destination = new float[source.Length];

        ZScore.Apply(source, destination, statistics);

        Assert.Equal(source.Select(v => (v - statistics.Mean) / statistics.StandardDeviation), destination.Select(v => (double)v), new Tolerance(1e-4));
        Assert.Equal(0, VolumeStatistics.Compute(destination).Mean, 1e-5);
        Assert.Equal(1, VolumeStatistics.Compute(destination).StandardDeviation, 1e-5);
    }

    [Fact]
    public void Apply_ConstantVolume_AllZeroAsMonaiDoes()
    {
        float[] voxels = [.. Enumerable.Repeat(7.25f, 50)];

        ZScore.Apply(voxels, VolumeStatistics.Compute(voxels));

        Assert.All(voxels, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Apply_NaNStatistics_Refused()
    {
        float[] voxels = [1, float.NaN, 3];

        ArgumentException error = Assert.Throws<ArgumentException>(() => ZScore.Apply(voxels, VolumeStatistics.Compute(voxels)));

        Assert.Contains("the volume holds NaN or infinite values", error.Message);
    }

    [Fact]
    public void Apply_LengthsDiffer_Refused()
    {
        Assert.Throws<ArgumentException>(() => ZScore.Apply(new float[3], new float[4], new VolumeStatistics(3, 0, 1, 0.5, 0.5)));
    }

    sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double value) => 0;
    }
}
