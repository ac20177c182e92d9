using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class Rotation3Tests
{
    [Fact]
    public void Uniform_AnyDraw_IsAProperRotation()
    {
        RandomStream random = new(11, 0, 0);
        for (int i = 0; i < 1000; i++)
        {
            Rotation3 r = Rotation3.Uniform(ref random);
            double[,] m = { { r.M00, r.M01, r.M02 }, { r.M10, r.M11, r.M12 }, { r.M20, r.M21, r.M22 } };
            for (int a = 0; a < 3; a++)
            {
                for (int b = 0; b < 3; b++)
                {
                    double dot = (m[a, 0] * m[b, 0]) + (m[a, 1] * m[b, 1]) + (m[a, 2] * m[b, 2]);
                    Assert.Equal(a == b ? 1 : 0, dot, 1e-12);
                }
            }

            double determinant =
                (m[0, 0] * ((m[1, 1] * m[2, 2]) - (m[1, 2] * m[2, 1]))) -
                (m[0, 1] * ((m[1, 0] * m[2, 2]) - (m[1, 2] * m[2, 0]))) +
                (m[0, 2] * ((m[1, 0] * m[2, 1]) - (m[1, 1] * m[2, 0])));
            Assert.Equal(1, determinant, 1e-12);
        }
    }

    [Fact]
    public void Uniform_ManyDraws_AxesSpreadEvenlyOverTheSphere()
    {
        // Under the Haar measure every column of R is uniform on the sphere: each component has mean 0 and mean
        // square 1/3, and the angle about the axis is uniform too (so is the first column's x component).
        RandomStream random = new(12, 0, 0);
        const int Count = 20_000;
        double[] mean = new double[3];
        double[] meanSquare = new double[3];
        double firstColumnX = 0;
        for (int i = 0; i < Count; i++)
        {
            Rotation3 r = Rotation3.Uniform(ref random);
            (double x, double y, double z) = r.Apply(0, 0, 1);
            mean[0] += x / Count;
            mean[1] += y / Count;
            mean[2] += z / Count;
            meanSquare[0] += x * x / Count;
            meanSquare[1] += y * y / Count;
            meanSquare[2] += z * z / Count;
            firstColumnX += r.Apply(1, 0, 0).X / Count;
        }

        // Standard errors: √(1/3n) = 0.004 for the means, √(4/45n) = 0.002 for the mean squares.
        Assert.All(mean, m => Assert.InRange(m, -0.02, 0.02));
        Assert.All(meanSquare, m => Assert.InRange(m, (1.0 / 3) - 0.01, (1.0 / 3) + 0.01));
        Assert.InRange(firstColumnX, -0.02, 0.02);
    }

    [Fact]
    public void ApplyInverse_AfterApply_GivesTheVectorBack()
    {
        RandomStream random = new(13, 0, 0);
        Rotation3 r = Rotation3.Uniform(ref random);

        (double x, double y, double z) = r.Apply(1.5, -2, 0.25);
        (double bx, double by, double bz) = r.ApplyInverse(x, y, z);

        Assert.Equal(1.5, bx, 1e-12);
        Assert.Equal(-2, by, 1e-12);
        Assert.Equal(0.25, bz, 1e-12);
    }

    [Fact]
    public void FromQuaternion_QuarterTurnAboutZ_TakesXToY()
    {
        double half = Math.Sqrt(0.5);
        Rotation3 r = Rotation3.FromQuaternion(half, 0, 0, half);

        (double x, double y, double z) = r.Apply(1, 0, 0);

        Assert.Equal(0, x, 1e-12);
        Assert.Equal(1, y, 1e-12);
        Assert.Equal(0, z, 1e-12);
    }
}
