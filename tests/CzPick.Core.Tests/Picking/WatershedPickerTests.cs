using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Picking;

public sealed class WatershedPickerTests
{
    [Theory]
    [InlineData("apoferritin")]
    [InlineData("ribosome")]
    [InlineData("random")]
    [InlineData("neighbours")]
    public void Pick_OracleFixture_MatchesScikitImage(string name)
    {
        PickingFixture fixture = PickingFixture.Load(name);

        IReadOnlyList<Detection> found = PickWhole(fixture.Probabilities, fixture.Shape, fixture.Parameters);

        Assert.Equal(fixture.Picks.Count, found.Count);
        List<Detection> unmatched = [.. found];
        foreach (OraclePick expected in fixture.Picks)
        {
            Detection nearest = unmatched.MinBy(d => Distance(d, expected));
            Assert.True(Distance(nearest, expected) < 1, $"{name}: skimage's pick {expected} has no pick within a voxel; nearest {nearest}.");
            Assert.InRange(nearest.VoxelCount, expected.Area * 0.98, expected.Area * 1.02);
            Assert.Equal(expected.Score, nearest.Score, 0.01);
            unmatched.Remove(nearest);
        }
    }

    [Fact]
    public void Pick_PlantedSphere_RecoveredAtItsCentre()
    {
        Shape3 shape = new(30, 34, 38);
        float[] map = new float[shape.VoxelCount];
        (double cz, double cy, double cx) = (14.3, 17.6, 20.2);
        Paint(map, shape, cz, cy, cx, radius: 7, value: 0.8f);

        IReadOnlyList<Detection> found = PickWhole(map, shape, new PickingParameters(0.1f, 80, 6));

        Detection pick = Assert.Single(found);
        Assert.Equal(cz, pick.Z, 0.5);
        Assert.Equal(cy, pick.Y, 0.5);
        Assert.Equal(cx, pick.X, 0.5);
        Assert.Equal(0.8f, pick.Score, 1e-6);
    }

    [Fact]
    public void Pick_RegionBelowMinimumBlob_Dropped()
    {
        Shape3 shape = new(20, 20, 20);
        float[] map = new float[shape.VoxelCount];
        Paint(map, shape, 10, 10, 10, radius: 2.5, value: 0.9f);
        long voxels = map.Count(p => p > 0.1f);

        Assert.Single(PickWhole(map, shape, new PickingParameters(0.1f, voxels, 2)));
        Assert.Empty(PickWhole(map, shape, new PickingParameters(0.1f, voxels + 0.5, 2)));
    }

    [Fact]
    public void Pick_SphereCentredInBorderBand_PeakMovesInsideBand()
    {
        // The sphere's centre lies 2 voxels from the x = 0 face, inside exclude_border's band of 6: the marker sits on
        // the band's edge, the watershed still floods the whole (cut) sphere, and the centroid is that of its voxels.
        Shape3 shape = new(24, 24, 24);
        float[] map = new float[shape.VoxelCount];
        Paint(map, shape, 12, 12, 2, radius: 5, value: 0.9f);
        double meanX = Enumerable.Range(0, map.Length).Where(i => map[i] > 0).Average(i => i % shape.X);

        Detection pick = Assert.Single(PickWhole(map, shape, new PickingParameters(0.1f, 10, 6)));

        Assert.Equal(map.Count(p => p > 0), pick.VoxelCount);
        Assert.Equal(12, pick.Z, 1e-9);
        Assert.Equal(12, pick.Y, 1e-9);
        Assert.Equal(meanX, pick.X, 1e-9);
    }

    [Fact]
    public void Pick_SphereWhollyInBorderBand_NoPeakNoPick()
    {
        Shape3 shape = new(24, 24, 24);
        float[] map = new float[shape.VoxelCount];
        Paint(map, shape, 12, 12, 1, radius: 2, value: 0.9f);

        Assert.Empty(PickWhole(map, shape, new PickingParameters(0.1f, 1, 6)));
    }

    [Fact]
    public void Pick_PeakRegionExcludesOnlyTrueFaces_BlockSeamKeepsPeak()
    {
        // The same sphere near the x = 0 side of a block whose input starts inside the volume: that side is a seam,
        // not the volume's face, so nothing is excluded there.
        Shape3 shape = new(24, 24, 24);
        float[] map = new float[shape.VoxelCount];
        Paint(map, shape, 12, 12, 2, radius: 2, value: 0.9f);
        Box3 input = new(new Index3(0, 0, 40), shape);
        Box3 region = WatershedPicker.PeakRegion(new Shape3(24, 24, 200), input, 6);

        Assert.Equal(new Box3(new Index3(6, 6, 0), new Shape3(12, 12, 24)), region);
        Detection pick = Assert.Single(WatershedPicker.Pick(map, 0, shape, new PickingParameters(0.1f, 1, 6), region));
        Assert.Equal(2, pick.X, 1e-9);
    }

    [Fact]
    public void Pick_ChannelOffset_ReadsThatChannel()
    {
        Shape3 shape = new(16, 16, 16);
        float[] channels = new float[shape.VoxelCount * 3];
        float[] map = new float[shape.VoxelCount];
        Paint(map, shape, 8, 7, 9, radius: 3, value: 0.7f);
        map.CopyTo(channels, shape.VoxelCount * 2);

        IReadOnlyList<Detection> found = WatershedPicker.Pick(channels, shape.VoxelCount * 2, shape, new PickingParameters(0.1f, 1, 2), Box3.Whole(shape));

        Detection pick = Assert.Single(found);
        Assert.Equal((8.0, 7.0, 9.0), (pick.Z, pick.Y, pick.X));
    }

    [Fact]
    public void Pick_PeakWindowPastNeighbourBox_BothPicked()
    {
        // A 2×2×2 cube at x 10–11 (its box, with the one-voxel margin, is 4×4×4 at x 9–12) and a sphere (r 3 at x 20,
        // bounding box from x 17): neighbours by their bounding boxes (within min distance 6), but the sphere's peak
        // window starts at x 14, past the cube's box, while overlapping it in z and y. skimage, for this map (the
        // seed's recipe: p.T > 0.1, edt, peak_local_max(min_distance=6, labels), watershed, regionprops), gives regions
        // of 8 and 123 voxels, centroids (x, y, z) = (10.5, 9.5, 9.5) and (20, 10, 10). The window test once read
        // past the cube's box here.
        Shape3 shape = new(20, 20, 30);
        float[] map = new float[shape.VoxelCount];
        Paint(map, shape, 10, 10, 20, radius: 3, value: 0.9f);
        for (int z = 9; z < 11; z++)
        {
            for (int y = 9; y < 11; y++)
            {
                map[shape.IndexOf(z, y, 10)] = map[shape.IndexOf(z, y, 11)] = 0.9f;
            }
        }

        IReadOnlyList<Detection> found = PickWhole(map, shape, new PickingParameters(0.1f, 1, 6));

        Assert.Equal([(9.5, 9.5, 10.5, 8L), (10.0, 10.0, 20.0, 123L)], found.Select(d => (d.Z, d.Y, d.X, d.VoxelCount)).OrderBy(d => d.Item3));
    }

    [Fact]
    public void Pick_EverythingForeground_DoesNotFail()
    {
        Shape3 shape = new(6, 7, 8);
        float[] map = Enumerable.Repeat(0.9f, (int)shape.VoxelCount).ToArray();

        IReadOnlyList<Detection> found = PickWhole(map, shape, new PickingParameters(0.1f, 1, 1));

        Assert.NotEmpty(found);
        Assert.Equal(shape.VoxelCount, found.Sum(d => d.VoxelCount));
    }

    [Fact]
    public void Pick_MinDistanceBelowOne_Throws()
    {
        Shape3 shape = new(4, 4, 4);
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(
            () => PickWhole(new float[64], shape, new PickingParameters(0.1f, 1, 0)));
        Assert.Contains("min_distance", error.Message, StringComparison.Ordinal);
    }

    static IReadOnlyList<Detection> PickWhole(float[] map, Shape3 shape, PickingParameters parameters) =>
        WatershedPicker.Pick(map, 0, shape, parameters, WatershedPicker.PeakRegion(shape, Box3.Whole(shape), parameters.MinDistanceVoxels));

    static double Distance(Detection d, OraclePick p) =>
        Math.Sqrt(((d.Z - p.Z) * (d.Z - p.Z)) + ((d.Y - p.Y) * (d.Y - p.Y)) + ((d.X - p.X) * (d.X - p.X)));

    /// <summary>Sets every voxel within the radius of a centre to a value.</summary>
    internal static void Paint(float[] map, Shape3 shape, double cz, double cy, double cx, double radius, float value)
    {
        for (int z = 0; z < shape.Z; z++)
        {
            for (int y = 0; y < shape.Y; y++)
            {
                for (int x = 0; x < shape.X; x++)
                {
                    if (((z - cz) * (z - cz)) + ((y - cy) * (y - cy)) + ((x - cx) * (x - cx)) <= radius * radius)
                    {
                        map[shape.IndexOf(z, y, x)] = value;
                    }
                }
            }
        }
    }
}
