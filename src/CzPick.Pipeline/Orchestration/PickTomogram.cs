using CzPick.Pipeline.Contracts;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Orchestration;

/// <summary>
/// The durable orchestration of one tomogram: plan → dispatch blocks → wait for a reply per block (re-sending the
/// missing ones after a timeout without progress, a bounded number of times) → gather → publish. Any failure is
/// recorded and published, then ends the orchestration as failed with the reason.
/// </summary>
/// <remarks>
/// Orchestrator code is replayed from history: everything here is deterministic (time from the context, no I/O,
/// no randomness), which the Durable Task analyzers check at build time.
/// </remarks>
public sealed class PickTomogram : TaskOrchestrator<RunRequest, RunResult>
{
    /// <inheritdoc/>
    public override async Task<RunResult> RunAsync(TaskOrchestrationContext context, RunRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        TaskOptions retry = RetryOptions(input.Settings);
        DateTimeOffset started = context.CurrentUtcDateTime;
        string? failure;
        try
        {
            context.SetCustomStatus(new RunProgress("planning", 0, 0));
            RunPlan plan = await context.CallActivityAsync<RunPlan>(
                PipelineTaskNames.PlanRun,
                new PlanRequest(context.InstanceId, input.Run, input.Tomogram, input.ETag, input.Ensemble, input.Settings.BlockCount),
                retry);

            BlockTally tally = await WaitForBlocksAsync(context, input.Settings, plan, retry);
            failure = tally.Failure;
            if (failure is null)
            {
                context.SetCustomStatus(new RunProgress("gathering", plan.BlockCount, plan.BlockCount));
                RunOutputs outputs = await context.CallActivityAsync<RunOutputs>(
                    PipelineTaskNames.GatherPicks,
                    new GatherRequest(context.InstanceId, input.Run, plan.Plan, plan.BlockCount, started),
                    retry);

                context.SetCustomStatus(new RunProgress("publishing", plan.BlockCount, plan.BlockCount));
                await context.CallActivityAsync(
                    PipelineTaskNames.PublishCompletion,
                    new RunCompletion(context.InstanceId, input.Run, input.Tomogram, RunCompletion.Completed, outputs, null),
                    retry);
                return new RunResult(input.Run, context.InstanceId, plan.BlockCount, outputs, tally.InferenceSeconds, tally.ResentBlocks, tally.DuplicateReplies);
            }
        }
        catch (TaskFailedException error)
        {
            failure = Describe(error);
        }

        context.CreateReplaySafeLogger<PickTomogram>().LogWarning("Run {Run} ({Instance}) failed: {Reason}", input.Run, context.InstanceId, failure);
        await context.CallActivityAsync(
            PipelineTaskNames.PublishCompletion,
            new RunCompletion(context.InstanceId, input.Run, input.Tomogram, RunCompletion.Failed, null, failure),
            retry);
        throw new PickingFailedException(failure);
    }

    /// <summary>
    /// Retries with exponential backoff, except for failures that another try cannot fix: the input or the model is
    /// malformed or missing, or the tomogram was replaced since the run started (its reads are pinned to the ETag it
    /// started with).
    /// </summary>
    static TaskOptions RetryOptions(RunSettings settings)
    {
        TimeSpan first = TimeSpan.FromSeconds(settings.FirstRetrySeconds);
        RetryPolicy policy = new(
            settings.ActivityAttempts,
            first,
            backoffCoefficient: 2,
            maxRetryInterval: first > TimeSpan.FromMinutes(1) ? first : TimeSpan.FromMinutes(1))
        {
            HandleFailure = failure => !failure.IsCausedBy<Core.Volumes.VolumeFormatException>() && !failure.IsCausedBy<Inference.Ensemble.EnsembleFormatException>() &&
                !failure.IsCausedBy<FormatException>() && !failure.IsCausedBy<FileNotFoundException>(),
        };
        return TaskOptions.FromRetryPolicy(policy);
    }

    static string Describe(TaskFailedException error) =>
        $"{error.TaskName} failed: {error.FailureDetails.ErrorMessage}";

    /// <summary>
    /// Sends every block, then collects one reply per block. One durable timer is live at a time: when it fires
    /// and no block finished since the last one, the missing blocks are sent again (a later attempt, hence a new
    /// message id); after <see cref="RunSettings.MaxBlockAttempts"/> sends the run fails, naming the blocks.
    /// Measuring the timeout from the last progress, not from the send, keeps a long queue from looking like
    /// lost blocks.
    /// </summary>
    static async Task<BlockTally> WaitForBlocksAsync(TaskOrchestrationContext context, RunSettings settings, RunPlan plan, TaskOptions retry)
    {
        bool[] done = new bool[plan.BlockCount];
        int doneCount = 0;
        int attempt = 1;
        int resent = 0;
        int duplicates = 0;
        double inferenceSeconds = 0;
        TimeSpan timeout = TimeSpan.FromSeconds(settings.BlockTimeoutSeconds);

        context.SetCustomStatus(new RunProgress("picking", 0, plan.BlockCount));
        await DispatchAsync(context, settings, plan, Enumerable.Range(0, plan.BlockCount).ToArray(), attempt, retry);

        using CancellationTokenSource timerCancellation = new();
        Task timer = context.CreateTimer(context.CurrentUtcDateTime + timeout, timerCancellation.Token);
        Task<BlockReply> nextReply = context.WaitForExternalEvent<BlockReply>(PipelineTaskNames.BlockDoneEvent);
        bool progressed = false;
        string? failure = null;
        try
        {
            while (doneCount < plan.BlockCount)
            {
                Task first = await Task.WhenAny(nextReply, timer);
                if (first == nextReply)
                {
                    BlockReply reply = await nextReply;
                    nextReply = context.WaitForExternalEvent<BlockReply>(PipelineTaskNames.BlockDoneEvent);
                    if (reply.Block < 0 || reply.Block >= plan.BlockCount || done[reply.Block])
                    {
                        duplicates++;
                        continue;
                    }

                    if (reply.Error is not null)
                    {
                        failure = $"Block {reply.Block} failed: {reply.Error}";
                        break;
                    }

                    done[reply.Block] = true;
                    doneCount++;
                    inferenceSeconds += reply.InferenceSeconds;
                    progressed = true;
                    context.SetCustomStatus(new RunProgress("picking", doneCount, plan.BlockCount));
                    continue;
                }

                if (!progressed)
                {
                    int[] missing = Enumerable.Range(0, plan.BlockCount).Where(block => !done[block]).ToArray();
                    if (attempt >= settings.MaxBlockAttempts)
                    {
                        failure = $"{missing.Length} of {plan.BlockCount} blocks did not finish after {attempt} sends, " +
                            $"each followed by {settings.BlockTimeoutSeconds} s without progress: {DescribeBlocks(missing)}";
                        break;
                    }

                    attempt++;
                    resent += missing.Length;
                    await DispatchAsync(context, settings, plan, missing, attempt, retry);
                }

                progressed = false;
                timer = context.CreateTimer(context.CurrentUtcDateTime + timeout, timerCancellation.Token);
            }
        }
        finally
        {
            // A pending durable timer would keep the orchestration running until it fires.
            timerCancellation.Cancel();
        }

        return new BlockTally(inferenceSeconds, resent, duplicates, failure);
    }

    /// <summary>Sends blocks in batches, one activity per batch, all batches at once.</summary>
    static Task DispatchAsync(TaskOrchestrationContext context, RunSettings settings, RunPlan plan, int[] blocks, int attempt, TaskOptions retry) =>
        Task.WhenAll(blocks.Chunk(settings.DispatchBatchSize).Select(batch => context.CallActivityAsync(
            PipelineTaskNames.DispatchBlocks,
            new DispatchRequest(context.InstanceId, plan.Plan, batch, attempt),
            retry)));

    static string DescribeBlocks(int[] blocks) =>
        blocks.Length <= 20 ? string.Join(", ", blocks) : $"{string.Join(", ", blocks.Take(20))}, …";

    readonly record struct BlockTally(double InferenceSeconds, int ResentBlocks, int DuplicateReplies, string? Failure);
}
