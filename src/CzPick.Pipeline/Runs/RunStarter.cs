using CzPick.Core.Copick;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Volumes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Runs;

/// <summary>
/// Starts the run of a blob that arrived in the <c>tomograms</c> container: the body of the Functions
/// <c>StartPicking</c> trigger and of <c>czpick dev</c>'s blob watcher. It reads the volume's header only (ranged
/// reads), derives the instance id from the blob's name and ETag so that the same upload seen twice is one run,
/// rejects bad input with a failure record and a <c>failed</c> event without touching anything else, and schedules
/// <c>PickTomogram</c>.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="publisher">Writes the failure record and publishes the event of a rejected upload.</param>
/// <param name="options">The ensemble and run settings new runs start with.</param>
/// <param name="logger">Where each decision is logged.</param>
public sealed partial class RunStarter(IBlobStore blobs, PublishCompletion publisher, PipelineOptions options, ILogger<RunStarter> logger)
{
    /// <summary>Starts the run of a blob, unless it starts none or its run exists already.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="blobName">The blob's name inside the tomograms container.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>What was done.</returns>
    public async Task<RunStart> StartAsync(DurableTaskClient client, string blobName, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        TomogramUpload? upload = TomogramUpload.FromBlob(blobName);
        if (upload is null)
        {
            return new RunStart(RunStartOutcome.Ignored, blobName, null, $"part of an OME-Zarr store; the store's run starts when {BlobLayout.ZarrCompleteMarker} arrives");
        }

        StoredBlob? trigger = await blobs.GetInfoAsync(upload.Trigger, cancellationToken).ConfigureAwait(false);
        if (trigger is null)
        {
            return this.Log(new RunStart(RunStartOutcome.Ignored, upload.Run, null, $"{upload.Trigger} was deleted before its run could start"));
        }

        string instance = InstanceIds.For(upload.Run, blobName, trigger.ETag);
        if (await client.GetInstanceAsync(instance, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is not null)
        {
            return this.Log(new RunStart(RunStartOutcome.Duplicate, upload.Run, instance, "this upload's run exists already"));
        }

        string? problem;
        try
        {
            problem = await this.ProblemAsync(upload, trigger.ETag, cancellationToken).ConfigureAwait(false);
        }
        catch (FileNotFoundException)
        {
            // Replaced or deleted since: the new version, if any, arrives as its own blob event.
            return this.Log(new RunStart(RunStartOutcome.Ignored, upload.Run, instance, $"{upload.Tomogram} changed before its run could start"));
        }

        if (problem is not null)
        {
            return this.Log(await this.RejectAsync(upload, instance, problem, cancellationToken).ConfigureAwait(false));
        }

        RunRequest request = new(upload.Run, upload.Tomogram.ToString(), trigger.ETag, options.Ensemble, options.Runs);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(PipelineTaskNames.PickTomogram, request, new StartOrchestrationOptions(instance), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Another delivery of the same event may have scheduled it since the check above: backends refuse a
            // second instance with a running one's id, each with its own error.
            if (await client.GetInstanceAsync(instance, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false) is null)
            {
                throw;
            }

            return this.Log(new RunStart(RunStartOutcome.Duplicate, upload.Run, instance, "this upload's run exists already"));
        }

        return this.Log(new RunStart(RunStartOutcome.Started, upload.Run, instance, $"{upload.Tomogram} at ETag {trigger.ETag}"));
    }

    /// <summary>Says what makes an upload unusable, reading only the volume's header or metadata; null when it is usable.</summary>
    async Task<string?> ProblemAsync(TomogramUpload upload, string etag, CancellationToken cancellationToken)
    {
        if (CopickNames.ProblemWithRunName(upload.Run) is string name)
        {
            return $"{upload.Tomogram}: the run name '{upload.Run}' {name}; rename the blob.";
        }

        try
        {
            using IVolumeSource volume = await BlobVolumes.OpenAsync(blobs, upload.Tomogram, etag, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (VolumeFormatException error)
        {
            return error.Message;
        }
    }

    /// <summary>Writes the failure record and publishes the <c>failed</c> event, once per upload.</summary>
    async Task<RunStart> RejectAsync(TomogramUpload upload, string instance, string problem, CancellationToken cancellationToken)
    {
        RunCompletion? recorded;
        try
        {
            recorded = await blobs.ReadJsonAsync<RunCompletion>(BlobLayout.Error(upload.Run), cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException)
        {
            recorded = null;
        }

        if (recorded?.Instance == instance)
        {
            return new RunStart(RunStartOutcome.Duplicate, upload.Run, instance, "this upload was rejected already");
        }

        await publisher.ExecuteAsync(new RunCompletion(instance, upload.Run, upload.Tomogram.ToString(), RunCompletion.Failed, null, problem), cancellationToken).ConfigureAwait(false);
        return new RunStart(RunStartOutcome.Rejected, upload.Run, instance, problem);
    }

    RunStart Log(RunStart start)
    {
        this.LogStart(start.Outcome, start.Run, start.Instance ?? "-", start.Detail);
        return start;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Outcome} run {Run} ({Instance}): {Detail}")]
    partial void LogStart(RunStartOutcome outcome, string run, string instance, string detail);
}

/// <summary>What <see cref="RunStarter"/> did with a blob.</summary>
public enum RunStartOutcome
{
    /// <summary>The run was scheduled.</summary>
    Started,

    /// <summary>The upload's run (or its rejection) exists already: the same upload seen again.</summary>
    Duplicate,

    /// <summary>The upload is not a usable tomogram: its failure record and event were written.</summary>
    Rejected,

    /// <summary>The blob starts no run (a key inside an OME-Zarr store, or a blob gone or replaced since).</summary>
    Ignored,
}

/// <summary>What <see cref="RunStarter"/> did with a blob, and why.</summary>
/// <param name="Outcome">What was done.</param>
/// <param name="Run">The run name, or the blob's name when it starts no run.</param>
/// <param name="Instance">The run's instance id, when the upload has one.</param>
/// <param name="Detail">Why, in words; for a rejected upload, the problem as its failure record states it.</param>
public sealed record RunStart(RunStartOutcome Outcome, string Run, string? Instance, string Detail);
