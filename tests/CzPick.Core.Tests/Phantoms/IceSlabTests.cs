using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class IceSlabTests
{
    [Fact]
    public void Columns_TiltedFaces_FollowThePlanesAndTheThickness()
    {
        // Bottom rises 0.1 per column, top is flat: the ice thins from left to right.
        IceSlab slab = new(CentreY: 5, CentreX: 10, Bottom: 4, BottomSlopeY: 0, BottomSlopeX: 0.1, Top: 24, TopSlopeY: 0, TopSlopeX: 0);

        (float[] bottom, float[] top, float[] level) = slab.Columns(11, 21);

        Assert.Equal(3f, bottom[(5 * 21) + 0], 1e-6f);
        Assert.Equal(5f, bottom[(5 * 21) + 20], 1e-6f);
        Assert.Equal(24f, top[(5 * 21) + 20], 1e-6f);

        // Thickness 21 at the left edge and 19 on the right, against 20 at the centre: ±5 % × 0.3.
        Assert.Equal(0.015f, level[(5 * 21) + 0], 1e-6f);
        Assert.Equal(0f, level[(5 * 21) + 10], 1e-6f);
        Assert.Equal(-0.015f, level[(5 * 21) + 20], 1e-6f);
    }

    [Fact]
    public void AddTo_Sections_VacuumOutsideLevelInsideRampsAtTheFaces()
    {
        IceSlab slab = new(0, 0, Bottom: 3, 0, 0, Top: 7, 0, 0);
        (float[] Bottom, float[] Top, float[] Level) columns = slab.Columns(1, 1);
        float[] values = new float[10];

        for (int z = 0; z < 10; z++)
        {
            float[] section = new float[1];
            IceSlab.AddTo(section, z, columns, -1);
            values[z] = section[0];
        }

        // Faces at z = 3 and 7 lie on voxel centres: those voxels are half ice, half vacuum.
        Assert.Equal([0.5f, 0.5f, 0.5f, 0.25f, 0f, 0f, 0f, 0.25f, 0.5f, 0.5f], values);
    }

    [Fact]
    public void Draw_AnySeed_SlabFillsSeventyToNinetyPercentOfTheDepth()
    {
        RandomStream random = new(4, 5, 6);
        for (int i = 0; i < 200; i++)
        {
            IceSlab slab = IceSlab.Draw(184, 630, 630, ref random);

            Assert.InRange(slab.Top - slab.Bottom, 0.7 * 184, 0.9 * 184);
            Assert.InRange(slab.Bottom, 0, 184);
            Assert.InRange(slab.Top, 0, 184);

            // Each face moves by at most 10 % of the thickness from the centre to an edge.
            double tilt = 0.1 * (slab.Top - slab.Bottom);
            Assert.InRange(Math.Abs(slab.BottomAt(0, 0) - slab.Bottom), 0, 2 * tilt);
            Assert.InRange(Math.Abs(slab.TopAt(629, 629) - slab.Top), 0, 2 * tilt);
        }
    }
}
