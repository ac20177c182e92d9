using CzPick.Core.Geometry;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Picking;

public sealed class DistanceTransformTests
{
    [Theory]
    [InlineData(1, 0.3)]
    [InlineData(2, 0.7)]
    [InlineData(3, 0.95)]
    public void SquaredInPlace_RandomMasks_EqualBruteForce(int seed, double foreground)
    {
        Shape3 shape = new(7, 9, 11);
        Random random = new(seed);
        int[] values = [.. Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => random.NextDouble() < foreground ? DistanceTransform.Foreground : 0)];
        int[] mask = (int[])values.Clone();

        DistanceTransform.SquaredInPlace(values, shape);

        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(BruteForce(mask, shape, i), values[i]);
        }
    }

    [Fact]
    public void SquaredInPlace_ArrayEdgeIsNotBackground()
    {
        // scipy: the outside of the array is not background, so a voxel at the edge measures to the nearest zero inside.
        Shape3 shape = new(1, 1, 5);
        int[] values = [DistanceTransform.Foreground, DistanceTransform.Foreground, DistanceTransform.Foreground, DistanceTransform.Foreground, 0];

        DistanceTransform.SquaredInPlace(values, shape);

        Assert.Equal([16, 9, 4, 1, 0], values);
    }

    [Fact]
    public void SquaredInPlace_NoBackground_StaysForeground()
    {
        int[] values = [DistanceTransform.Foreground, DistanceTransform.Foreground];

        DistanceTransform.SquaredInPlace(values, new Shape3(1, 1, 2));

        Assert.Equal([DistanceTransform.Foreground, DistanceTransform.Foreground], values);
    }

    static int BruteForce(int[] mask, Shape3 shape, int index)
    {
        if (mask[index] == 0)
        {
            return 0;
        }

        (int z, int rest) = Math.DivRem(index, (int)shape.SectionVoxelCount);
        (int y, int x) = Math.DivRem(rest, shape.X);
        int best = int.MaxValue;
        for (int i = 0; i < mask.Length; i++)
        {
            if (mask[i] == 0)
            {
                (int bz, int brest) = Math.DivRem(i, (int)shape.SectionVoxelCount);
                (int by, int bx) = Math.DivRem(brest, shape.X);
                best = Math.Min(best, ((z - bz) * (z - bz)) + ((y - by) * (y - by)) + ((x - bx) * (x - bx)));
            }
        }

        return best;
    }
}
