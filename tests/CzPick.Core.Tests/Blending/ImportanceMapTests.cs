using CzPick.Core.Blending;
using CzPick.Core.Geometry;

namespace CzPick.Core.Tests.Blending;

public sealed class ImportanceMapTests
{
    [Fact]
    public void Gaussian_HandComputedPoints_Match()
    {
        // Window (8, 10, 12), σ = 0.125 × size = (1, 1.25, 1.5); centres at 3.5, 4.5, 5.5.
        Shape3 shape = new(8, 10, 12);
        ImportanceMap map = ImportanceMap.Gaussian(shape, 0.125);

        Assert.Equal(Expected(3, 4, 5), map.Weights[shape.IndexOf(3, 4, 5)], 1e-6);
        Assert.Equal(Expected(2, 6, 4), map.Weights[shape.IndexOf(2, 6, 4)], 1e-6);
        Assert.Equal(Expected(4, 5, 6), map.Weights[shape.IndexOf(4, 5, 6)], 1e-6);

        // The corners fall far below 1e-3 and are raised to it.
        Assert.True(Expected(0, 0, 0) < 1e-3);
        Assert.Equal(1e-3f, map.Weights[0]);
        Assert.Equal(1e-3f, map.Floor);
        Assert.All(map.Weights, w => Assert.InRange(w, 1e-3f, 1f));

        static double Expected(int z, int y, int x) =>
            Math.Exp(-Math.Pow(z - 3.5, 2) / (2 * 1.0 * 1.0)) *
            Math.Exp(-Math.Pow(y - 4.5, 2) / (2 * 1.25 * 1.25)) *
            Math.Exp(-Math.Pow(x - 5.5, 2) / (2 * 1.5 * 1.5));
    }

    [Fact]
    public void Gaussian_WideSigma_FloorIsTheSmallestProduct()
    {
        // σ = 2 × size keeps every value near 1, so MONAI's floor is the corner product, not 1e-3.
        ImportanceMap map = ImportanceMap.Gaussian(new Shape3(4, 4, 4), 2);

        double corner = Math.Pow(Math.Exp(-(1.5 * 1.5) / (2 * 8.0 * 8.0)), 3);
        Assert.Equal(corner, map.Floor, 1e-6);
        Assert.Equal(map.Floor, map.Weights.Min());
    }

    [Fact]
    public void Gaussian_SeedWindow_SymmetricPeakOnePerAxisCentre()
    {
        Shape3 shape = BlendOptions.SeedWindow;
        ImportanceMap map = ImportanceMap.Gaussian(shape, 0.125);

        // Centres at 79.5 and 191.5: the four middle voxels share the largest value, exp(−0.25 / (2σ²)) per axis.
        double peak = Math.Exp(-0.25 / (2 * 20.0 * 20.0)) * Math.Pow(Math.Exp(-0.25 / (2 * 48.0 * 48.0)), 2);
        Assert.Equal(peak, map.Weights[shape.IndexOf(79, 191, 191)], 1e-6);
        Assert.Equal(map.Weights[shape.IndexOf(80, 192, 192)], map.Weights[shape.IndexOf(79, 191, 191)]);
        Assert.Equal(map.Weights[shape.IndexOf(10, 20, 30)], map.Weights[shape.IndexOf(149, 363, 353)]);
    }
}
