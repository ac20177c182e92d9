using CzPick.Core.Geometry;

namespace CzPick.Core.Tests.Geometry;

public sealed class Box3Tests
{
    [Fact]
    public void Intersect_Overlapping_KeepsCommonVoxels()
    {
        Box3 a = new(new Index3(0, 10, 20), new Shape3(10, 10, 10));
        Box3 b = new(new Index3(5, 15, 0), new Shape3(10, 10, 25));

        Box3 common = a.Intersect(b);

        Assert.Equal(new Box3(new Index3(5, 15, 20), new Shape3(5, 5, 5)), common);
    }

    [Fact]
    public void Intersect_Disjoint_IsEmpty()
    {
        Box3 a = Box3.Whole(new Shape3(4, 4, 4));
        Box3 b = new(new Index3(4, 0, 0), new Shape3(4, 4, 4));

        Assert.True(a.Intersect(b).IsEmpty);
    }

    [Theory]
    [InlineData(0, 0, 0, true)]
    [InlineData(3, 3, 3, true)]
    [InlineData(4, 0, 0, false)]
    [InlineData(0, -1, 0, false)]
    public void Contains_Voxel_HalfOpen(int z, int y, int x, bool expected)
    {
        Assert.Equal(expected, Box3.Whole(new Shape3(4, 4, 4)).Contains(z, y, x));
    }

    [Fact]
    public void IndexOf_LastVoxel_IsCountMinusOne()
    {
        Shape3 shape = new(184, 630, 630);

        Assert.Equal(shape.VoxelCount - 1, shape.IndexOf(183, 629, 629));
    }
}
