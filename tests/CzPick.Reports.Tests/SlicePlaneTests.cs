using CzPick.Core.Geometry;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Reports.Tests;

public sealed class SlicePlaneTests
{
    static readonly Shape3 Shape = new(4, 5, 6);

    [Fact]
    public async Task ReadAsync_ZSection_RowsYColumnsX()
    {
        using DenseVolume volume = TestVolumes.Indexed(Shape);
        SlicePlane plane = SlicePlane.Create(SliceAxis.Z, 2, volume.Info);

        float[] values = await plane.ReadAsync(volume, CancellationToken.None);

        Assert.Equal((6, 5), (plane.Width, plane.Height));
        Assert.Equal(20000 + 300 + 4, values[(3 * 6) + 4]);
    }

    [Fact]
    public async Task ReadAsync_YSlice_RowsZColumnsX()
    {
        using DenseVolume volume = TestVolumes.Indexed(Shape);
        SlicePlane plane = SlicePlane.Create(SliceAxis.Y, 1, volume.Info);

        float[] values = await plane.ReadAsync(volume, CancellationToken.None);

        Assert.Equal((6, 4), (plane.Width, plane.Height));
        Assert.Equal(30000 + 100 + 5, values[(3 * 6) + 5]);
    }

    [Fact]
    public async Task ReadAsync_XSlice_RowsZColumnsY()
    {
        using DenseVolume volume = TestVolumes.Indexed(Shape);
        SlicePlane plane = SlicePlane.Create(SliceAxis.X, 5, volume.Info);

        float[] values = await plane.ReadAsync(volume, CancellationToken.None);

        Assert.Equal((5, 4), (plane.Width, plane.Height));
        Assert.Equal(10000 + 400 + 5, values[(1 * 5) + 4]);
    }

    [Theory]
    [InlineData(SliceAxis.Z, 4)]
    [InlineData(SliceAxis.Y, -1)]
    [InlineData(SliceAxis.X, 6)]
    public void Create_IndexOutsideVolume_Refused(SliceAxis axis, int index)
    {
        using DenseVolume volume = TestVolumes.Indexed(Shape);

        Assert.Throws<ArgumentOutOfRangeException>(() => SlicePlane.Create(axis, index, volume.Info));
    }

    [Fact]
    public void Project_AnisotropicVoxels_ColumnRowAndDistanceInTheRightUnits()
    {
        // Voxels 2 Å along x, 3 Å along y, 5 Å along z; the pick sits at voxel (z 2, y 3, x 4) exactly.
        SlicePlane z1 = new(SliceAxis.Z, 1, Shape, new VoxelSizeAngstrom(2, 3, 5));
        SlicePlane y1 = z1 with { Axis = SliceAxis.Y };
        SlicePlane x1 = z1 with { Axis = SliceAxis.X };
        Pick pick = new("ribosome", 8, 9, 10, 1);

        Assert.Equal((4.0, 3.0, 5.0), z1.Project(pick));
        Assert.Equal((4.0, 2.0, 6.0), y1.Project(pick));
        Assert.Equal((3.0, 2.0, 6.0), x1.Project(pick));
        Assert.Equal((2.0, 5.0), y1.PixelSizeAngstrom);
    }

    [Fact]
    public void Label_XzPlane_NamesPlaneIndexAndDepth()
    {
        SlicePlane plane = new(SliceAxis.Y, 12, Shape, VoxelSizeAngstrom.Isotropic(10.012));

        Assert.Equal("xz at y = 12 (120.1 Å)", plane.Label);
    }
}
