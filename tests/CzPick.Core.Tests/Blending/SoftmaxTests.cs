using CzPick.Core.Blending;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Blending;

public sealed class SoftmaxTests
{
    [Theory]
    [InlineData(7, 1)]
    [InlineData(7, 37)]
    [InlineData(3, 1000)]
    [InlineData(1, 5)]
    public void InPlace_RandomLogits_MatchDoubleReference(int channels, int voxels)
    {
        Random random = new(channels * voxels);
        float[] logits = [.. Enumerable.Range(0, channels * voxels).Select(_ => (float)((random.NextDouble() * 20) - 10))];
        float[] values = (float[])logits.Clone();

        Softmax.InPlace(values, channels, voxels);

        for (int v = 0; v < voxels; v++)
        {
            double[] exp = [.. Enumerable.Range(0, channels).Select(c => Math.Exp(logits[(c * voxels) + v]))];
            for (int c = 0; c < channels; c++)
            {
                Assert.Equal(exp[c] / exp.Sum(), values[(c * voxels) + v], 1e-6);
            }
        }
    }

    [Fact]
    public void InPlace_HugeLogits_StableNoOverflow()
    {
        // exp(1000) overflows float; subtracting the maximum first keeps it exact: softmax(1000, 999, −1000).
        float[] values = [1000, 999, -1000];

        Softmax.InPlace(values, 3, 1);

        double e = Math.Exp(-1);
        Assert.Equal(1 / (1 + e), values[0], 1e-6);
        Assert.Equal(e / (1 + e), values[1], 1e-6);
        Assert.Equal(0, values[2], 1e-6);
    }

    [Theory]
    [InlineData(3, 5, 70)]
    [InlineData(2, 3, 17)]
    [InlineData(4, 4, 130)]
    public void InPlace_WithMasks_SameProbabilitiesAndMasksAsThresholdingAfterwards(int z, int y, int x)
    {
        Shape3 shape = new(z, y, x);
        Random random = new(x);
        float[] logits = [.. Enumerable.Range(0, 7 * (int)shape.VoxelCount).Select(_ => (float)((random.NextDouble() * 6) - 3))];
        float[] plain = (float[])logits.Clone();
        ClassMasks fused = new(ParticleCatalog.Czii);
        ClassMasks after = new(ParticleCatalog.Czii);

        Softmax.InPlace(plain, 7, shape.VoxelCount);
        after.Threshold(plain, shape);
        Softmax.InPlace(logits, 7, shape, fused);

        Assert.Equal(plain, logits);
        Assert.Equal(shape, fused.Shape);
        foreach (ParticleType particle in ParticleCatalog.Czii.Particles.Where(p => p.IsPicked))
        {
            int words = (int)((shape.VoxelCount + 63) / 64);
            ulong[] expected = [.. after.For(particle.Label).Bits.Take(words)];
            Assert.Equal(expected, fused.For(particle.Label).Bits.Take(words));
            Assert.Contains(expected, w => w != 0);
        }
    }

    [Fact]
    public void InPlace_TooShort_Throws()
    {
        Assert.Throws<ArgumentException>(() => Softmax.InPlace(new float[5], 3, 2));
    }
}
