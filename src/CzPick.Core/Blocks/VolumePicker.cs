using System.Diagnostics;
using CzPick.Core.Geometry;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Blocks;

/// <summary>
/// Picks a whole volume in one process: a streaming statistics pass, a block plan sized to a memory budget, the
/// blocks in parallel with bounded concurrency, then the picks joined without seam duplicates. `czpick pick` and the
/// benchmark drive the engine through this; the serverless pipeline runs the same steps as separate activities.
/// </summary>
public sealed class VolumePicker
{
    readonly IPatchPredictor predictor;
    readonly BlockPicker picker;

    /// <summary>Initializes a new instance of the <see cref="VolumePicker"/> class.</summary>
    /// <param name="predictor">The network.</param>
    /// <param name="options">The picking, memory and concurrency options.</param>
    public VolumePicker(IPatchPredictor predictor, VolumePickerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MemoryBudgetBytes, nameof(options.MemoryBudgetBytes));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxConcurrentBlocks, nameof(options.MaxConcurrentBlocks));
        this.predictor = predictor;
        this.picker = new BlockPicker(predictor, options.Picker);
        this.Options = options;
    }

    /// <summary>Gets the options.</summary>
    public VolumePickerOptions Options { get; }

    /// <summary>
    /// Plans the blocks of a volume and how many run at once: the halo is the largest particle's diameter, inputs are
    /// grown to the window, and without a fixed core or block count each input is as large as the memory budget
    /// shared by the concurrent blocks allows.
    /// </summary>
    /// <param name="info">The volume.</param>
    /// <returns>The plan and the concurrency.</returns>
    public (BlockPlan Plan, int ConcurrentBlocks) Plan(VolumeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        Shape3 volume = info.Shape;
        Shape3 window = this.picker.Window;
        Shape3 smallest = new(Math.Min(window.Z, volume.Z), Math.Min(window.Y, volume.Y), Math.Min(window.X, volume.X));
        BlockPlanOptions planOptions = BlockPlanOptions.ForPicker(this.Options.Picker, info.VoxelSize) with
        {
            CoreShape = this.Options.CoreShape,
            BlockCount = this.Options.BlockCount,
        };

        int concurrency = this.Options.MaxConcurrentBlocks;
        while (concurrency > 1 && this.Options.MemoryBudgetBytes / concurrency < this.picker.WorkingSetBytes(smallest))
        {
            concurrency--;
        }

        if (planOptions.CoreShape is null && planOptions.BlockCount is null)
        {
            // Each input voxel costs 4 bytes × (channels + 2); the window's own buffers come off the top.
            long perBlock = this.Options.MemoryBudgetBytes / concurrency;
            long inputVoxels = (perBlock - this.picker.WindowBytes) / this.picker.BytesPerInputVoxel;
            planOptions = planOptions with { MaxInputVoxels = Math.Max(smallest.VoxelCount, inputVoxels) };
        }

        // A fixed core or block count may make blocks larger than the budget's share: run fewer at once.
        BlockPlan plan = BlockPlanner.Plan(volume, planOptions);
        long largest = this.picker.WorkingSetBytes(plan.Blocks.MaxBy(b => b.Input.Size.VoxelCount)!.Input.Size);
        int fitting = (int)Math.Clamp(this.Options.MemoryBudgetBytes / largest, 1, concurrency);
        return (plan, Math.Min(fitting, plan.Blocks.Count));
    }

    /// <summary>Picks a volume.</summary>
    /// <param name="source">The volume.</param>
    /// <param name="progress">Receives progress; may be null.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The picks and how they were made.</returns>
    public async Task<VolumePickResult> PickAsync(IVolumeSource source, IProgress<VolumePickProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        long started = Stopwatch.GetTimestamp();
        VolumeStatistics statistics = await VolumeStatistics.ComputeAsync(
            source,
            progress is null ? null : new Progress<double>(f => progress.Report(new VolumePickProgress(VolumePickStage.Statistics, f, 0, 0))),
            cancellationToken).ConfigureAwait(false);
        TimeSpan statisticsTime = Stopwatch.GetElapsedTime(started);
        (BlockPlan plan, int concurrency) = this.Plan(source.Info);
        BlockPicker picker = new(this.predictor, this.Options.Picker);
        started = Stopwatch.GetTimestamp();
        IReadOnlyList<Pick>[] picks = new IReadOnlyList<Pick>[plan.Blocks.Count];
        int done = 0;
        progress?.Report(new VolumePickProgress(VolumePickStage.Blocks, 0, 0, plan.Blocks.Count));
        // Largest inputs first: each worker's buffers then reach their final size on its first block and are reused
        // as they are, instead of growing block after block and leaving the outgrown arrays to the garbage collector
        // (which, with gigabytes free, may keep them resident for a long time). Picks are kept by block index, so
        // the order does not change the result.
        await Parallel.ForEachAsync(
            plan.Blocks.OrderByDescending(b => b.Input.Size.VoxelCount).ThenBy(b => b.Index),
            new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (block, token) =>
            {
                picks[block.Index] = await picker.PickAsync(source, block, statistics, token).ConfigureAwait(false);
                int finished = Interlocked.Increment(ref done);
                progress?.Report(new VolumePickProgress(VolumePickStage.Blocks, (double)finished / plan.Blocks.Count, finished, plan.Blocks.Count));
            }).ConfigureAwait(false);

        TimeSpan blocksTime = Stopwatch.GetElapsedTime(started);
        IReadOnlyList<Pick> joined = PickDeduplicator.Deduplicate(picks, this.Options.Picker.Catalog);
        return new VolumePickResult(joined, plan, statistics, concurrency, statisticsTime, blocksTime, picker.Timings);
    }
}
