using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Blocks;

public sealed class VolumePickerTests
{
    // 20 Å voxels make the halo 15 voxels (ribosome diameter 300 Å), so blocks of this small volume really cut it.
    // Every sphere's centre is at least its class's min_distance from the faces.
    static readonly PlantedVolume Planted = new(new Shape3(40, 64, 80), 20,
    [
        (1, 12, 16, 20, 4), (1, 28, 48, 40, 4), (1, 20, 30, 64, 4.5),
        (3, 18, 46, 18, 5), (3, 26, 20, 56, 5),
        (4, 20, 44, 60, 6.5), (4, 22, 18, 36, 6),
        (5, 24, 50, 30, 5.5),
        (6, 20, 32, 24, 7.5),
    ]);

    static readonly BlockPickerOptions PickerOptions = new()
    {
        Catalog = ParticleCatalog.Czii,
        Blend = new BlendOptions { Window = new Shape3(24, 32, 32), Overlap = 0.25 },
    };

    [Fact]
    public async Task PickAsync_OneBlockAndManyBlocks_SamePicks()
    {
        LabelValuePredictor predictor = new(Planted.Statistics, 7);
        VolumePicker whole = new(predictor, new VolumePickerOptions { Picker = PickerOptions, BlockCount = 1 });
        VolumePicker blocks = new(predictor, new VolumePickerOptions { Picker = PickerOptions, CoreShape = new Shape3(20, 32, 27) });

        VolumePickResult one = await whole.PickAsync(Planted.Volume);
        VolumePickResult many = await blocks.PickAsync(Planted.Volume);

        Assert.Single(one.Plan.Blocks);
        Assert.Equal(12, many.Plan.Blocks.Count);
        Assert.Equal(Planted.Spheres.Count, one.Picks.Count);
        Assert.Equal(Sorted(one.Picks).Select(Rounded), Sorted(many.Picks).Select(Rounded));
        for (int i = 0; i < Planted.Spheres.Count; i++)
        {
            (double z, double y, double x) = Planted.Centroid(i);
            string name = ParticleCatalog.Czii.Particles.Single(p => p.Label == Planted.Spheres[i].Label).Name;
            Assert.Contains(many.Picks, p => p.Particle == name && Math.Abs(p.XAngstrom - (x * 20)) < 1e-6 && Math.Abs(p.YAngstrom - (y * 20)) < 1e-6 && Math.Abs(p.ZAngstrom - (z * 20)) < 1e-6);
        }
    }

    [Fact]
    public async Task PickAsync_Progress_StatisticsThenEveryBlock()
    {
        List<VolumePickProgress> reports = [];
        VolumePicker picker = new(new LabelValuePredictor(Planted.Statistics, 7), new VolumePickerOptions { Picker = PickerOptions, BlockCount = 4 });

        VolumePickResult result = await picker.PickAsync(Planted.Volume, new SynchronousProgress(reports.Add));

        Assert.Equal(VolumePickStage.Statistics, reports[0].Stage);
        Assert.Equal(new VolumePickProgress(VolumePickStage.Blocks, 1, result.Plan.Blocks.Count, result.Plan.Blocks.Count), reports.MaxBy(r => r.BlocksDone));
    }

    [Fact]
    public void Plan_MemoryBudget_BlocksFitTheBudgetTogether()
    {
        const long budget = 8L << 20;
        VolumePicker picker = new(new LabelValuePredictor(Planted.Statistics, 7), new VolumePickerOptions { Picker = PickerOptions, MemoryBudgetBytes = budget, MaxConcurrentBlocks = 2 });
        BlockPicker block = new(new LabelValuePredictor(Planted.Statistics, 7), PickerOptions);

        (BlockPlan plan, int concurrency) = picker.Plan(Planted.Volume.Info);

        Assert.Equal(2, concurrency);
        Assert.True(plan.Blocks.Count > 1);
        long largest = plan.Blocks.Max(b => block.WorkingSetBytes(b.Input.Size));
        Assert.True(largest * concurrency <= budget, $"{concurrency} blocks of up to {largest} bytes exceed {budget}");
    }

    [Fact]
    public void Plan_BudgetBelowTwoWindows_OneBlockAtATime()
    {
        BlockPicker block = new(new LabelValuePredictor(Planted.Statistics, 7), PickerOptions);
        long oneWindowBlock = block.WorkingSetBytes(new Shape3(24, 32, 32));
        VolumePicker picker = new(new LabelValuePredictor(Planted.Statistics, 7), new VolumePickerOptions { Picker = PickerOptions, MemoryBudgetBytes = oneWindowBlock + 1, MaxConcurrentBlocks = 4 });

        (_, int concurrency) = picker.Plan(Planted.Volume.Info);

        Assert.Equal(1, concurrency);
    }

    [Fact]
    public void Plan_FixedCoresLargerThanBudgetShare_FewerAtOnce()
    {
        // Two cores of 40 along x, each with a 15-voxel halo: inputs 40×64×55. A budget of 1.5 such blocks runs one
        // at a time.
        BlockPicker block = new(new LabelValuePredictor(Planted.Statistics, 7), PickerOptions);
        long one = block.WorkingSetBytes(new Shape3(40, 64, 55));
        VolumePicker picker = new(new LabelValuePredictor(Planted.Statistics, 7), new VolumePickerOptions
        {
            Picker = PickerOptions,
            CoreShape = new Shape3(40, 64, 40),
            MemoryBudgetBytes = one + (one / 2),
            MaxConcurrentBlocks = 2,
        });

        (BlockPlan plan, int concurrency) = picker.Plan(Planted.Volume.Info);

        Assert.Equal([new Shape3(40, 64, 55), new Shape3(40, 64, 55)], plan.Blocks.Select(b => b.Input.Size));
        Assert.Equal(1, concurrency);
    }

    [Fact]
    public void Plan_BlockCount_ThePlannersPlanForThePickersOptions()
    {
        VolumePicker picker = new(new LabelValuePredictor(Planted.Statistics, 7), new VolumePickerOptions { Picker = PickerOptions, BlockCount = 5 });

        (BlockPlan plan, _) = picker.Plan(Planted.Volume.Info);

        BlockPlan expected = BlockPlanner.Plan(Planted.Volume.Shape, BlockPlanOptions.ForPicker(PickerOptions, Planted.Volume.Info.VoxelSize) with { BlockCount = 5 });
        Assert.Equal(expected.Blocks, plan.Blocks);
        Assert.Equal(new Shape3(15, 15, 15), BlockPlanOptions.ForPicker(PickerOptions, Planted.Volume.Info.VoxelSize).Halo);
    }

    static IEnumerable<Pick> Sorted(IEnumerable<Pick> picks) => picks.OrderBy(p => p.Particle).ThenBy(p => p.ZAngstrom).ThenBy(p => p.YAngstrom).ThenBy(p => p.XAngstrom);

    static (string, double, double, double, double) Rounded(Pick p) =>
        (p.Particle, Math.Round(p.XAngstrom, 6), Math.Round(p.YAngstrom, 6), Math.Round(p.ZAngstrom, 6), Math.Round(p.Score, 4));

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late for assertions).</summary>
    sealed class SynchronousProgress(Action<VolumePickProgress> report) : IProgress<VolumePickProgress>
    {
        public void Report(VolumePickProgress value) => report(value);
    }
}
