using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Volumes;

public sealed class StatisticsAccumulatorTests
{
    [Fact]
    public void Merge_PiecesInOrder_SameAsOnePass()
    {
        Random random = new(3);
        float[] voxels = [.. Enumerable.Range(0, 10_007).Select(_ => (float)((random.NextDouble() * 100) - 20))];
        StatisticsAccumulator whole = default;
        whole.Add(voxels);

        StatisticsAccumulator merged = default;
        for (int start = 0, length = 1; start < voxels.Length; start += length, length *= 3)
        {
            StatisticsAccumulator piece = default;
            piece.Add(voxels.AsSpan(start, Math.Min(length, voxels.Length - start)));
            merged.Merge(piece);
        }

        VolumeStatistics expected = whole.ToStatistics();
        VolumeStatistics actual = merged.ToStatistics();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal((expected.Min, expected.Max), (actual.Min, actual.Max));
        Assert.Equal(expected.Mean, actual.Mean, 1e-11);
        Assert.Equal(expected.StandardDeviation, actual.StandardDeviation, 1e-11);
    }

    [Fact]
    public void Merge_Empty_ChangesNothing()
    {
        StatisticsAccumulator accumulator = default;
        accumulator.Add([1f, 2f, 6f]);
        VolumeStatistics before = accumulator.ToStatistics();

        accumulator.Merge(default);

        Assert.Equal(before, accumulator.ToStatistics());
    }

    [Fact]
    public void ToStatistics_NothingAdded_NaN()
    {
        VolumeStatistics statistics = default(StatisticsAccumulator).ToStatistics();

        Assert.Equal(0, statistics.Count);
        Assert.True(double.IsNaN(statistics.Mean) && double.IsNaN(statistics.StandardDeviation));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(33)]
    [InlineData(1000)]
    public void Add_AnyLength_MinAndMaxFoundWhereverTheyAre(int length)
    {
        for (int at = 0; at < length; at++)
        {
            float[] low = new float[length];
            float[] high = new float[length];
            low[at] = -5;
            high[at] = 9;
            StatisticsAccumulator withLow = default;
            StatisticsAccumulator withHigh = default;

            withLow.Add(low);
            withHigh.Add(high);

            Assert.Equal(-5, withLow.ToStatistics().Min);
            Assert.Equal(9, withHigh.ToStatistics().Max);
        }
    }
}
