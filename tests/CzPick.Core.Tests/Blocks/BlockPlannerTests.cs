using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Volumes;

namespace CzPick.Core.Tests.Blocks;

public sealed class BlockPlannerTests
{
    [Fact]
    public void HaloFor_CziiAtCompetitionSpacing_ThirtyVoxels()
    {
        // The ribosome, 2 × 150 Å / 10.012 Å = 29.96 → 30 voxels.
        Shape3 halo = BlockPlanOptions.HaloFor(ParticleCatalog.Czii, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));

        Assert.Equal(new Shape3(30, 30, 30), halo);
    }

    [Fact]
    public void ForPicker_SeedWindowAtCompetitionSpacing_DiameterHaloAndWindowInputsWithoutARule()
    {
        BlockPickerOptions picker = new() { Catalog = ParticleCatalog.Czii, Blend = new BlendOptions { Window = new Shape3(160, 384, 384) } };

        BlockPlanOptions options = BlockPlanOptions.ForPicker(picker, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));

        Assert.Equal(new BlockPlanOptions { Halo = new Shape3(30, 30, 30), MinimumInput = new Shape3(160, 384, 384) }, options);
    }

    [Fact]
    public void HaloFor_Anisotropic_PerAxis()
    {
        Shape3 halo = BlockPlanOptions.HaloFor(ParticleCatalog.Czii, new VoxelSizeAngstrom(10, 20, 7.5));

        Assert.Equal(new Shape3(40, 15, 30), halo);
    }

    [Theory]
    [InlineData(184, 630, 630, 100, 200, 150)]
    [InlineData(37, 41, 43, 10, 7, 43)]
    [InlineData(5, 5, 5, 1, 1, 1)]
    public void Plan_CoreShape_CoresTileVolumeExactlyOnce(int z, int y, int x, int cz, int cy, int cx)
    {
        Shape3 volume = new(z, y, x);
        BlockPlan plan = BlockPlanner.Plan(volume, new BlockPlanOptions { CoreShape = new Shape3(cz, cy, cx), Halo = new Shape3(3, 4, 5) });

        AssertTiles(plan);
        Assert.All(plan.Blocks, b => Assert.True(b.Core.Size.Z <= cz && b.Core.Size.Y <= cy && b.Core.Size.X <= cx, $"{b.Core}"));
        Assert.Equal(plan.Counts.VoxelCount, plan.Blocks.Count);
    }

    [Fact]
    public void Plan_Halo_InputIsCorePlusHaloClippedAtFaces()
    {
        Shape3 volume = new(60, 60, 60);
        BlockPlan plan = BlockPlanner.Plan(volume, new BlockPlanOptions { CoreShape = new Shape3(20, 20, 20), Halo = new Shape3(5, 6, 7) });

        AssertTiles(plan);
        foreach (Block block in plan.Blocks)
        {
            Box3 expected = Box3.FromBounds(
                new Index3(Math.Max(0, block.Core.Start.Z - 5), Math.Max(0, block.Core.Start.Y - 6), Math.Max(0, block.Core.Start.X - 7)),
                new Index3(Math.Min(60, block.Core.End.Z + 5), Math.Min(60, block.Core.End.Y + 6), Math.Min(60, block.Core.End.X + 7)));
            Assert.Equal(expected, block.Input);
        }
    }

    [Fact]
    public void Plan_MinimumInput_GrownWithRealVoxelsInsideTheVolume()
    {
        // Cores of 50 along x with halo 10 give inputs [0, 60), [40, 110), [90, 160), [140, 200); grown evenly to the
        // 96-voxel window and shifted back inside: [0, 96), [27, 123), [77, 173), [104, 200). Along z and y the
        // volume is smaller than the window, so the input is the whole axis.
        Shape3 volume = new(40, 50, 200);
        BlockPlan plan = BlockPlanner.Plan(volume, new BlockPlanOptions
        {
            CoreShape = new Shape3(40, 50, 50),
            Halo = new Shape3(10, 10, 10),
            MinimumInput = new Shape3(96, 96, 96),
        });

        AssertTiles(plan);
        Assert.Equal([0, 27, 77, 104], plan.Blocks.Select(b => b.Input.Start.X));
        Assert.All(plan.Blocks, b => Assert.Equal(new Shape3(40, 50, 96), b.Input.Size));
    }

    [Fact]
    public void Plan_BlockCount_AtLeastThatManyLongestAxisFirst()
    {
        BlockPlan plan = BlockPlanner.Plan(new Shape3(184, 630, 630), new BlockPlanOptions { BlockCount = 200, Halo = new Shape3(30, 30, 30) });

        AssertTiles(plan);
        Assert.InRange(plan.Blocks.Count, 200, 260);
        int[] cores = [plan.Blocks[0].Core.Size.Z, plan.Blocks[0].Core.Size.Y, plan.Blocks[0].Core.Size.X];
        Assert.True(cores.Max() - cores.Min() <= cores.Max() / 2, $"cores {string.Join('×', cores)} should be near-cubic");
    }

    [Fact]
    public void Plan_MaxInputVoxels_EveryInputFits()
    {
        BlockPlanOptions options = new()
        {
            MaxInputVoxels = 8_000_000,
            Halo = new Shape3(30, 30, 30),
            MinimumInput = new Shape3(96, 96, 96),
        };

        BlockPlan plan = BlockPlanner.Plan(new Shape3(184, 630, 630), options);

        AssertTiles(plan);
        Assert.True(plan.MaxInputVoxels <= 8_000_000, $"largest input {plan.MaxInputVoxels}");
        Assert.True(plan.Blocks.Count > 1);
    }

    [Fact]
    public void Plan_MaxInputVoxelsBelowWindow_StopsAtWindowSizedInputs()
    {
        BlockPlan plan = BlockPlanner.Plan(new Shape3(64, 64, 64), new BlockPlanOptions
        {
            MaxInputVoxels = 10,
            Halo = new Shape3(4, 4, 4),
            MinimumInput = new Shape3(32, 32, 32),
        });

        AssertTiles(plan);
        Assert.Equal(32L * 32 * 32, plan.MaxInputVoxels);
    }

    [Fact]
    public void Plan_NoRule_OneBlock()
    {
        BlockPlan plan = BlockPlanner.Plan(new Shape3(7, 8, 9), new BlockPlanOptions { Halo = new Shape3(30, 30, 30) });

        Block block = Assert.Single(plan.Blocks);
        Assert.Equal(Box3.Whole(new Shape3(7, 8, 9)), block.Core);
        Assert.Equal(block.Core, block.Input);
    }

    [Fact]
    public void Plan_SameOptionsTwice_SamePlan()
    {
        BlockPlanOptions options = new() { BlockCount = 37, Halo = new Shape3(30, 30, 30), MinimumInput = new Shape3(64, 64, 64) };

        Assert.Equal(BlockPlanner.Plan(new Shape3(184, 630, 630), options).Blocks, BlockPlanner.Plan(new Shape3(184, 630, 630), options).Blocks);
    }

    [Fact]
    public void Plan_TwoRules_ThrowsSayingSo()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(
            () => BlockPlanner.Plan(new Shape3(8, 8, 8), new BlockPlanOptions { BlockCount = 2, MaxInputVoxels = 100 }));
        Assert.Contains("at most one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_EmptyVolume_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BlockPlanner.Plan(new Shape3(0, 8, 8), new BlockPlanOptions()));
    }

    static void AssertTiles(BlockPlan plan)
    {
        // Cores inside the volume, pairwise disjoint, whose sizes add up to the volume's: an exact tiling.
        Box3 whole = Box3.Whole(plan.Volume);
        foreach (Block block in plan.Blocks)
        {
            Assert.False(block.Core.IsEmpty);
            Assert.True(block.Input.Contains(block.Core), $"input {block.Input} must contain core {block.Core}");
            Assert.True(whole.Contains(block.Input), $"input {block.Input} must lie in {plan.Volume}");
        }

        for (int a = 0; a < plan.Blocks.Count; a++)
        {
            for (int b = a + 1; b < plan.Blocks.Count; b++)
            {
                Assert.True(plan.Blocks[a].Core.Intersect(plan.Blocks[b].Core).IsEmpty, $"cores {a} and {b} overlap");
            }
        }

        Assert.Equal(plan.Volume.VoxelCount, plan.Blocks.Sum(b => b.Core.Size.VoxelCount));
        Assert.Equal(Enumerable.Range(0, plan.Blocks.Count), plan.Blocks.Select(b => b.Index));
    }
}
