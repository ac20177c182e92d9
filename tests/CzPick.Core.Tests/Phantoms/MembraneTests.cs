using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class MembraneTests
{
    [Fact]
    public void AddTo_Section_TwoLeafletProfileWithinTheHalfThicknessOnly()
    {
        // A sphere of radius 20 voxels centred in section 0: the section cuts it through its equator.
        Membrane membrane = new(0, 25, 25, 20, LeafletOffset: 1.8, LeafletSigma: 0.6);
        float[] section = new float[50 * 50];

        membrane.AddTo(section, 0, 50, 50, -1);

        for (int y = 0; y < 50; y++)
        {
            for (int x = 0; x < 50; x++)
            {
                double u = Math.Sqrt(Math.Pow(y - 25, 2) + Math.Pow(x - 25, 2)) - 20;
                double expected = Math.Abs(u) <= membrane.HalfThickness
                    ? -(Math.Exp(-Math.Pow(u - 1.8, 2) / 0.72) + Math.Exp(-Math.Pow(u + 1.8, 2) / 0.72))
                    : 0;
                Assert.Equal(expected, section[(y * 50) + x], 1e-5);
            }
        }
    }

    [Fact]
    public void AddTo_SectionPastTheSphere_Untouched()
    {
        Membrane membrane = new(0, 25, 25, 10, 1.8, 0.6);
        float[] section = new float[50 * 50];

        membrane.AddTo(section, 20, 50, 50, 1);

        Assert.All(section, v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Draw_AnySeed_PassesThroughTheVolumeWithABilayerThickness()
    {
        RandomStream random = new(1, 2, 3);
        for (int i = 0; i < 30; i++)
        {
            Membrane membrane = Membrane.Draw(64, 128, 128, 10, ref random);

            Assert.InRange(membrane.Radius, 30, 300);
            Assert.Equal(1.8, membrane.LeafletOffset, 1e-12);
            Assert.Equal(0.6, membrane.LeafletSigma, 1e-12);

            // Its mid-surface passes within the volume: some voxel of the volume lies on it.
            double nearest = double.PositiveInfinity;
            for (int z = 0; z < 64; z += 8)
            {
                for (int y = 0; y < 128; y += 8)
                {
                    for (int x = 0; x < 128; x += 8)
                    {
                        nearest = Math.Min(nearest, membrane.DistanceTo(z, y, x));
                    }
                }
            }

            Assert.True(nearest < 7, $"Membrane {membrane} passes {nearest:F1} voxels from the volume.");
        }
    }
}
