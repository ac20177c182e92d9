using System.Diagnostics;
using CzPick.Core.Blocks;
using CzPick.Core.Volumes;
using CzPick.Inference.Ensemble;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Volumes;
using Microsoft.DurableTask;

namespace CzPick.Pipeline.Activities;

/// <summary>
/// Plans a run: reads the tomogram's header and, in one streaming pass of ranged reads, the z-score statistics of
/// the whole volume; cuts it into blocks exactly as <c>czpick pick --blocks N</c> does (the engine's
/// <see cref="BlockPlanner"/> with the halo and window of the ensemble's <see cref="BlockPickerOptions"/>); and stores
/// the plan as <c>work/{instance}/plan.json</c>. Only a reference to the plan returns to the orchestration.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
public sealed class PlanRun(IBlobStore blobs) : TaskActivity<PlanRequest, RunPlan>
{
    /// <inheritdoc/>
    public override Task<RunPlan> RunAsync(TaskActivityContext context, PlanRequest input) => this.ExecuteAsync(input, CancellationToken.None);

    /// <summary>Plans the run and stores the plan. Running it again gives the same plan.</summary>
    /// <param name="input">The run.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The plan's blob and its block count.</returns>
    /// <exception cref="VolumeFormatException">The tomogram cannot be read.</exception>
    /// <exception cref="FileNotFoundException">The tomogram changed since the run started, or the ensemble is not in storage.</exception>
    public async Task<RunPlan> ExecuteAsync(PlanRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        EnsembleManifest manifest = await EnsembleManifests.ReadAsync(blobs, input.Ensemble, cancellationToken).ConfigureAwait(false);
        using IVolumeSource source = await BlobVolumes.OpenAsync(blobs, BlobPath.Parse(input.Tomogram), input.ETag, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        VolumeStatistics statistics = await VolumeStatistics.ComputeAsync(source, cancellationToken: cancellationToken).ConfigureAwait(false);
        double statisticsSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        BlockPlanOptions options = BlockPlanOptions.ForPicker(manifest.CreateBlockPickerOptions(), source.Info.VoxelSize) with { BlockCount = input.BlockCount };
        BlockPlan plan = BlockPlanner.Plan(source.Info.Shape, options);

        PlanDocument document = new(input.Run, input.Tomogram, input.ETag, input.Ensemble, source.Info.Shape, source.Info.VoxelSize, statistics, statisticsSeconds, plan.Blocks);
        BlobPath path = BlobLayout.Plan(input.Instance);
        await blobs.WriteJsonAsync(path, document, cancellationToken).ConfigureAwait(false);
        return new RunPlan(path.ToString(), plan.Blocks.Count);
    }
}
