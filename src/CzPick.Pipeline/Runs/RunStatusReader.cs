using CzPick.Pipeline.Contracts;
using Microsoft.DurableTask.Client;

namespace CzPick.Pipeline.Runs;

/// <summary>Finds a run's newest orchestration and describes it; the body of the status endpoint.</summary>
public static class RunStatusReader
{
    /// <summary>Describes the run with this instance id, or else the newest run with this name.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="runOrInstance">A run name ("TS_5_4") or an instance id ("TS_5_4-0123456789abcdef").</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The status, or null when there is no such run.</returns>
    public static async Task<RunStatus?> ReadAsync(DurableTaskClient client, string runOrInstance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(runOrInstance);
        OrchestrationMetadata? instance = await client.GetInstanceAsync(runOrInstance, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            OrchestrationQuery query = new() { InstanceIdPrefix = InstanceIds.Prefix(runOrInstance), FetchInputsAndOutputs = true };
            await foreach (OrchestrationMetadata candidate in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (InstanceIds.BelongsTo(candidate.InstanceId, runOrInstance) && (instance is null || candidate.CreatedAt > instance.CreatedAt))
                {
                    instance = candidate;
                }
            }
        }

        return instance is null ? null : Describe(instance);
    }

    static RunStatus Describe(OrchestrationMetadata instance)
    {
        RunRequest? request = instance.SerializedInput is null ? null : instance.ReadInputAs<RunRequest>();
        string run = request?.Run ?? instance.InstanceId;
        bool failed = instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed;
        return new RunStatus(
            run,
            instance.InstanceId,
            instance.RuntimeStatus.ToString(),
            instance.SerializedCustomStatus is null ? null : instance.ReadCustomStatusAs<RunProgress>(),
            instance.CreatedAt,
            instance.LastUpdatedAt,
            instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.ReadOutputAs<RunResult>() : null,
            failed ? instance.FailureDetails?.ErrorMessage : null,
            failed ? BlobLayout.Error(run).ToString() : null);
    }
}
