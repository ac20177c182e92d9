using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class RandomStreamTests
{
    [Fact]
    public void NextUInt64_SameSeedStreamAndIndex_SameSequence()
    {
        RandomStream a = new(42, 7, 3);
        RandomStream b = new(42, 7, 3);

        for (int i = 0; i < 100; i++)
        {
            Assert.Equal(a.NextUInt64(), b.NextUInt64());
        }
    }

    [Theory]
    [InlineData(43, 7, 3)]
    [InlineData(42, 8, 3)]
    [InlineData(42, 7, 4)]
    public void NextUInt64_AnyKeyDiffers_DifferentSequence(long seed, ulong stream, ulong index)
    {
        RandomStream reference = new(42, 7, 3);
        RandomStream other = new(seed, stream, index);

        int equal = 0;
        for (int i = 0; i < 100; i++)
        {
            equal += reference.NextUInt64() == other.NextUInt64() ? 1 : 0;
        }

        Assert.Equal(0, equal);
    }

    [Fact]
    public void NextNoise_ManyDraws_ZeroMeanUnitVarianceBounded()
    {
        RandomStream random = new(1, 2, 3);
        const int Count = 400_000;
        double sum = 0;
        double sumOfSquares = 0;
        float largest = 0;
        for (int i = 0; i < Count; i++)
        {
            float value = random.NextNoise();
            sum += value;
            sumOfSquares += value * value;
            largest = Math.Max(largest, Math.Abs(value));
        }

        double mean = sum / Count;
        double variance = (sumOfSquares / Count) - (mean * mean);

        // Standard errors: 1/√n = 0.0016 for the mean, about √(2/n) = 0.0022 for the variance.
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(variance, 0.985, 1.015);

        // The sum of four uniforms reaches at most 2 × 65535 / 37837.2 ≈ 3.464 from its mean.
        Assert.InRange(largest, 3.0f, 3.4642f);
    }

    [Fact]
    public void AddNoise_Values_AddsTheSameDrawsAsNextNoise()
    {
        RandomStream reference = new(5, 6, 7);
        RandomStream adder = new(5, 6, 7);
        float[] values = [1, 2, 3, 4, 5];

        adder.AddNoise(values, 0.5f);

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(i + 1 + (0.5f * reference.NextNoise()), values[i]);
        }
    }

    [Fact]
    public void NextInt_Count_CoversEveryValueAndNoOther()
    {
        RandomStream random = new(9, 9, 9);
        int[] seen = new int[5];
        for (int i = 0; i < 10_000; i++)
        {
            seen[random.NextInt(5)]++;
        }

        // Each value is expected 2000 times, standard deviation 40.
        Assert.All(seen, count => Assert.InRange(count, 1800, 2200));
    }

    [Fact]
    public void NextDouble_Range_StaysInside()
    {
        RandomStream random = new(3, 1, 4);
        for (int i = 0; i < 10_000; i++)
        {
            double value = random.NextDouble(-2, 5);
            Assert.InRange(value, -2, 5);
            Assert.NotEqual(5, value);
        }
    }
}
