using CzPick.Core.Geometry;
using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class SeparableGaussianBlurTests
{
    [Fact]
    public void Kernel_OneVoxel_NormalisedGaussianTruncatedAtThreeSigma()
    {
        float[] kernel = SeparableGaussianBlur.Kernel(1.0);

        Assert.Equal(7, kernel.Length);
        Assert.Equal(1, kernel.Sum(), 1e-6);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(kernel[i], kernel[6 - i]);
        }

        // Neighbouring taps of exp(−i²/2): w(1)/w(0) = e^−½, w(2)/w(1) = e^−1.5, w(3)/w(2) = e^−2.5.
        Assert.Equal(Math.Exp(-0.5), kernel[4] / kernel[3], 1e-6);
        Assert.Equal(Math.Exp(-1.5), kernel[5] / kernel[4], 1e-6);
        Assert.Equal(Math.Exp(-2.5), kernel[6] / kernel[5], 1e-6);
    }

    [Fact]
    public void Kernel_ZeroSigma_Identity()
    {
        Assert.Equal([1f], SeparableGaussianBlur.Kernel(0));
    }

    [Fact]
    public void NoiseVarianceGain_Kernel_SumOfSquaredTaps()
    {
        Assert.Equal(0.375, SeparableGaussianBlur.NoiseVarianceGain([0.25f, 0.5f, 0.25f]), 1e-9);
    }

    [Theory]
    [InlineData(-1, 4, 0)]
    [InlineData(-2, 4, 1)]
    [InlineData(-5, 4, 3)]
    [InlineData(4, 4, 3)]
    [InlineData(5, 4, 2)]
    [InlineData(9, 4, 1)]
    [InlineData(2, 1, 0)]
    public void Mirror_IndexOutside_FoldsHalfSampleSymmetric(int index, int count, int expected)
    {
        Assert.Equal(expected, SeparableGaussianBlur.Mirror(index, count));
    }

    [Fact]
    public void Apply_ConstantVolume_Unchanged()
    {
        Shape3 shape = new(5, 6, 7);
        float[] voxels = Enumerable.Repeat(3.5f, (int)shape.VoxelCount).ToArray();

        SeparableGaussianBlur.Apply(voxels, shape, SeparableGaussianBlur.Kernel(2), SeparableGaussianBlur.Kernel(1), SeparableGaussianBlur.Kernel(1.5), new ParallelOptions());

        Assert.All(voxels, v => Assert.Equal(3.5f, v, 1e-5f));
    }

    [Fact]
    public void Apply_RandomVolume_EqualsDirectConvolutionWithMirroredBorders()
    {
        // Axes shorter than the kernels fold more than once, which the direct sum handles with its own mirror.
        Shape3 shape = new(3, 11, 13);
        float[] kz = SeparableGaussianBlur.Kernel(0.9);
        float[] ky = SeparableGaussianBlur.Kernel(0.5);
        float[] kx = SeparableGaussianBlur.Kernel(1.2);
        float[] voxels = RandomVolume(shape, 21);
        float[] original = (float[])voxels.Clone();

        SeparableGaussianBlur.Apply(voxels, shape, kz, ky, kx, new ParallelOptions());

        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    double expected = 0;
                    for (int a = 0; a < kz.Length; a++)
                    {
                        for (int b = 0; b < ky.Length; b++)
                        {
                            for (int c = 0; c < kx.Length; c++)
                            {
                                int sz = Reflect(z + a - (kz.Length / 2), shape.Z);
                                int sy = Reflect(y + b - (ky.Length / 2), shape.Y);
                                int sx = Reflect(x + c - (kx.Length / 2), shape.X);
                                expected += (double)kz[a] * ky[b] * kx[c] * original[shape.IndexOf(sz, sy, sx)];
                            }
                        }
                    }

                    Assert.Equal(expected, voxels[shape.IndexOf(z, y, x)], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void Apply_OneThreadOrMany_IdenticalBits()
    {
        Shape3 shape = new(17, 23, 29);
        float[] one = RandomVolume(shape, 22);
        float[] many = (float[])one.Clone();
        float[] kz = SeparableGaussianBlur.Kernel(2);
        float[] kxy = SeparableGaussianBlur.Kernel(1);

        SeparableGaussianBlur.Apply(one, shape, kz, kxy, kxy, new ParallelOptions { MaxDegreeOfParallelism = 1 });
        SeparableGaussianBlur.Apply(many, shape, kz, kxy, kxy, new ParallelOptions { MaxDegreeOfParallelism = 8 });

        Assert.Equal(one, many);
    }

    [Fact]
    public void Apply_WrongVoxelCount_Refused()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            SeparableGaussianBlur.Apply(new float[10], new Shape3(2, 2, 2), [1f], [1f], [1f], new ParallelOptions()));

        Assert.Contains("needs 8 voxels, not 10", error.Message, StringComparison.Ordinal);
    }

    /// <summary>scipy.ndimage's "reflect" extension, written as a loop so that it is independent of the code under test.</summary>
    static int Reflect(int index, int count)
    {
        while (index < 0 || index >= count)
        {
            index = index < 0 ? -index - 1 : (2 * count) - 1 - index;
        }

        return index;
    }

    static float[] RandomVolume(Shape3 shape, int seed)
    {
        Random random = new(seed);
        return [.. Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => (float)random.NextDouble())];
    }
}
