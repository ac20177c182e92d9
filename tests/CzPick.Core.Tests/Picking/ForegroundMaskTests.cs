using CzPick.Core.Geometry;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Picking;

public sealed class ForegroundMaskTests
{
    [Fact]
    public void Threshold_VoxelIsBitOfItsLinearIndex()
    {
        // 2 × 3 × 130 = 780 voxels: 13 words; voxel i is bit i % 64 of word i / 64, rows need not start on a word.
        Shape3 shape = new(2, 3, 130);
        float[] values = new float[shape.VoxelCount];
        (int Z, int Y, int X)[] set = [(0, 0, 0), (0, 0, 63), (0, 0, 64), (0, 2, 129), (1, 1, 70), (1, 2, 129)];
        foreach ((int z, int y, int x) in set)
        {
            values[shape.IndexOf(z, y, x)] = 0.6f;
        }

        ForegroundMask mask = new();
        mask.Threshold(values, 0, shape, 0.5f);

        ulong[] expected = new ulong[13];
        foreach ((int z, int y, int x) in set)
        {
            long i = shape.IndexOf(z, y, x);
            expected[i / 64] |= 1UL << (int)(i % 64);
        }

        Assert.Equal(expected, mask.Bits.Take(13));
    }

    [Fact]
    public void Threshold_ValueEqualToThresholdOrNaN_NotMarked()
    {
        ForegroundMask mask = new();
        mask.Threshold([0.5f, float.NaN, 0.50001f], 0, new Shape3(1, 1, 3), 0.5f);

        Assert.Equal(0b100UL, mask.Bits[0]);
    }

    [Fact]
    public void Reset_SmallerShape_ReusesAndClears()
    {
        ForegroundMask mask = new();
        mask.Threshold(Enumerable.Repeat(1f, 1000).ToArray(), 0, new Shape3(10, 10, 10), 0.5f);
        ulong[] words = mask.Bits;

        mask.Reset(new Shape3(2, 2, 2));

        Assert.Same(words, mask.Bits);
        Assert.Equal(0UL, mask.Bits[0]);
    }
}
