using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Blocks;

public sealed class BlockPickerTests
{
    static readonly BlendOptions SmallWindow = new() { Window = new Shape3(24, 24, 24), Overlap = 0.25 };

    [Fact]
    public async Task PickAsync_WholeVolumeBlock_PicksEachSphereAtItsCentroid()
    {
        PlantedVolume planted = new(new Shape3(40, 48, 56), 10, [(1, 14, 15, 16, 4), (3, 25, 30, 35, 5), (4, 20, 24, 38, 6.5)]);
        BlockPicker picker = new(new LabelValuePredictor(planted.Statistics, 7), new BlockPickerOptions { Catalog = ParticleCatalog.Czii, Blend = SmallWindow });
        Box3 whole = Box3.Whole(planted.Volume.Shape);

        IReadOnlyList<Pick> picks = await picker.PickAsync(planted.Volume, new Block(0, whole, whole), planted.Statistics);

        Assert.Equal(["apo-ferritin", "beta-galactosidase", "ribosome"], picks.Select(p => p.Particle));
        for (int i = 0; i < 3; i++)
        {
            (double z, double y, double x) = planted.Centroid(i);
            Assert.Equal(x * 10, picks[i].XAngstrom, 1e-6);
            Assert.Equal(y * 10, picks[i].YAngstrom, 1e-6);
            Assert.Equal(z * 10, picks[i].ZAngstrom, 1e-6);
            Assert.InRange(picks[i].Score, 0.99f, 1f);
        }
    }

    [Fact]
    public async Task PickAsync_CentroidOutsideCore_NotReturned()
    {
        PlantedVolume planted = new(new Shape3(30, 30, 60), 10, [(1, 15, 15, 15, 4), (1, 15, 15, 45, 4)]);
        BlockPicker picker = new(new LabelValuePredictor(planted.Statistics, 7), new BlockPickerOptions { Catalog = ParticleCatalog.Czii, Blend = SmallWindow });
        Box3 whole = Box3.Whole(planted.Volume.Shape);
        Box3 leftHalf = new(Index3.Zero, new Shape3(30, 30, 30));

        IReadOnlyList<Pick> picks = await picker.PickAsync(planted.Volume, new Block(0, leftHalf, whole), planted.Statistics);

        Pick pick = Assert.Single(picks);
        Assert.Equal(150, pick.XAngstrom, 1e-6);
    }

    [Fact]
    public async Task PickAsync_HaloTooSmall_StraddlingParticlePickedTwice_DeduplicateKeepsOne()
    {
        // A ribosome-sized sphere across the seam x = 50, with a halo of 2 instead of the particle's diameter: each
        // block sees only its side, finds that side's centroid inside its own core, and keeps it. The two picks are
        // within half the ribosome's radius (75 Å = 7.5 voxels) of each other, so the deduplicator keeps one.
        PlantedVolume planted = new(new Shape3(40, 40, 100), 10, [(4, 20, 20, 50, 9)]);
        BlockPicker picker = new(new LabelValuePredictor(planted.Statistics, 7), new BlockPickerOptions { Catalog = ParticleCatalog.Czii, Blend = SmallWindow });
        Block left = new(0, new Box3(Index3.Zero, new Shape3(40, 40, 50)), new Box3(Index3.Zero, new Shape3(40, 40, 52)));
        Block right = new(1, new Box3(new Index3(0, 0, 50), new Shape3(40, 40, 50)), new Box3(new Index3(0, 0, 48), new Shape3(40, 40, 52)));

        IReadOnlyList<Pick> fromLeft = await picker.PickAsync(planted.Volume, left, planted.Statistics);
        IReadOnlyList<Pick> fromRight = await picker.PickAsync(planted.Volume, right, planted.Statistics);
        IReadOnlyList<Pick> joined = PickDeduplicator.Deduplicate([fromLeft, fromRight], ParticleCatalog.Czii);

        Pick l = Assert.Single(fromLeft);
        Pick r = Assert.Single(fromRight);
        Assert.True(l.XAngstrom < 500 && r.XAngstrom >= 500, $"left {l.XAngstrom}, right {r.XAngstrom}");
        Assert.True(r.XAngstrom - l.XAngstrom < 75);
        Assert.Single(joined);
    }

    [Fact]
    public async Task PickAsync_ConstantVolume_NoPicksNoFailure()
    {
        DenseVolume volume = new("flat", new Shape3(24, 24, 24), VoxelSizeAngstrom.Isotropic(10));
        VolumeStatistics statistics = VolumeStatistics.Compute(volume.Voxels);
        BlockPicker picker = new(new LabelValuePredictor(statistics with { StandardDeviation = 1 }, 7), new BlockPickerOptions { Catalog = ParticleCatalog.Czii, Blend = SmallWindow });
        Box3 whole = Box3.Whole(volume.Shape);

        Assert.Empty(await picker.PickAsync(volume, new Block(0, whole, whole), statistics));
    }

    [Fact]
    public async Task PickAsync_InputOutsideVolume_ThrowsNamingTheBlock()
    {
        DenseVolume volume = new("v", new Shape3(8, 8, 8), VoxelSizeAngstrom.Isotropic(10));
        BlockPicker picker = new(new LabelValuePredictor(VolumeStatistics.Compute(volume.Voxels), 7), new BlockPickerOptions { Catalog = ParticleCatalog.Czii, Blend = SmallWindow });
        Box3 tooBig = new(Index3.Zero, new Shape3(8, 8, 9));

        ArgumentException error = await Assert.ThrowsAsync<ArgumentException>(
            () => picker.PickAsync(volume, new Block(3, tooBig, tooBig), default));
        Assert.Contains("Block 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ChannelCountNotCatalogs_ThrowsSayingBoth()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => new BlockPicker(new LabelValuePredictor(default, 3), new BlockPickerOptions { Catalog = ParticleCatalog.Czii }));
        Assert.Contains("3 channels", error.Message, StringComparison.Ordinal);
        Assert.Contains("7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkingSetBytes_SevenChannels_NineFloatsPerVoxelPlusWindow()
    {
        BlockPicker picker = new(new LabelValuePredictor(default, 7), new BlockPickerOptions { Catalog = ParticleCatalog.Czii, Blend = SmallWindow });

        Assert.Equal((36L * 1000) + (36L * 24 * 24 * 24), picker.WorkingSetBytes(new Shape3(10, 10, 10)));
    }
}
