using System.Diagnostics;
using CzPick.Core.Blocks;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Volumes;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Workers;

/// <summary>
/// Takes blocks from the work queue and picks them: reads the block's slab with ranged reads, predicts and picks with
/// the ensemble's <see cref="IBlockPicker"/>, writes <c>work/{instance}/blocks/{block}.json</c>, replies on
/// <c>block-results</c>, then completes the message. The GPU container (CzPick.Worker) and <c>czpick dev</c> run
/// this same loop.
/// </summary>
/// <remarks>
/// Every step is safe to repeat, because delivery is at least once: a block whose result is stored already is
/// re-announced from it, not picked again; a reply is sent before the message is completed, so a crash in between
/// only causes a re-announcement. A failure gives the block back with a growing delay, until the block has been
/// delivered <see cref="PipelineOptions.WorkerMaxDeliveries"/> times; then, or at once when the input itself is bad,
/// the reply carries the reason, which fails the run, and the message is dead-lettered.
/// </remarks>
/// <param name="queue">The work queue.</param>
/// <param name="replies">The reply queue.</param>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="pickers">The ensembles' block pickers.</param>
/// <param name="options">The delivery limit.</param>
/// <param name="clock">The time source of the retry delays.</param>
/// <param name="logger">Where every settlement is logged.</param>
public sealed partial class BlockWorker(
    IWorkQueue queue, IReplyQueue replies, IBlobStore blobs, IEnsemblePickers pickers, PipelineOptions options, TimeProvider clock, ILogger<BlockWorker> logger)
{
    /// <summary>How long one receive waits for a block before the loop checks whether it should stop.</summary>
    static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(5);

    /// <summary>The longest delay before a failed block is given back.</summary>
    static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Takes and handles blocks one at a time until <paramref name="stopTaking"/> is cancelled. A block in progress
    /// then runs to its end, unless <paramref name="abandon"/> is cancelled first: then it is given back unfinished.
    /// </summary>
    /// <param name="stopTaking">Stops taking new blocks.</param>
    /// <param name="abandon">Gives the block in progress back.</param>
    /// <returns>A task that completes when the loop has stopped.</returns>
    public async Task RunAsync(CancellationToken stopTaking, CancellationToken abandon)
    {
        while (!stopTaking.IsCancellationRequested)
        {
            try
            {
                IWorkLease? lease = await queue.ReceiveAsync(ReceiveWait, stopTaking).ConfigureAwait(false);
                if (lease is not null)
                {
                    await using (lease.ConfigureAwait(false))
                    {
                        await this.HandleAsync(lease, abandon).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stopTaking.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The queue or the reply queue is unreachable: the lease (if any) was given back by its disposal.
                this.LogLoopError(error);
                await Task.Delay(TimeSpan.FromSeconds(1), clock, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Handles one delivery of a block and settles it.</summary>
    /// <param name="lease">The delivery.</param>
    /// <param name="abandon">Gives the block back unfinished (the worker is stopping).</param>
    /// <returns>How it was settled.</returns>
    public async Task<BlockOutcome> HandleAsync(IWorkLease lease, CancellationToken abandon)
    {
        ArgumentNullException.ThrowIfNull(lease);
        BlockWorkItem? item = lease.Item;
        if (item is null)
        {
            // Without an instance there is no run to tell: the message can only be set aside.
            string body = lease.Body.ToString();
            string reason = $"Not a block work item: {(body.Length <= 200 ? body : body[..200] + "…")}";
            await lease.DeadLetterAsync(reason, abandon).ConfigureAwait(false);
            this.LogUnreadable(reason);
            return BlockOutcome.DeadLettered;
        }

        BlockResult result;
        BlockOutcome outcome;
        try
        {
            BlobPath stored = BlobLayout.BlockResult(item.Instance, item.Block.Index);
            BlockResult? existing = await this.ReadResultAsync(stored, abandon).ConfigureAwait(false);
            if (existing is null)
            {
                this.LogPicking(item.MessageId, lease.DeliveryCount);
                result = await this.PickAsync(item, abandon).ConfigureAwait(false);
                await blobs.WriteJsonAsync(stored, result, abandon).ConfigureAwait(false);
                outcome = BlockOutcome.Picked;
            }
            else
            {
                result = existing;
                outcome = BlockOutcome.Reannounced;
            }

            await replies.SendAsync(new BlockReply(item.Instance, item.Block.Index, result.Picks.Count, result.InferenceSeconds), abandon).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Disposing the lease gives the block back.
            this.LogAbandoned(item.MessageId);
            return BlockOutcome.Abandoned;
        }
        catch (Exception error)
        {
            return await this.FailAsync(lease, item, error, abandon).ConfigureAwait(false);
        }

        try
        {
            await lease.CompleteAsync(abandon).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // The reply is out: a later delivery finds the stored result and only re-announces it.
            this.LogCompleteFailed(item.MessageId, error);
        }

        this.LogSettled(outcome, item.MessageId, result.Picks.Count, result.InferenceSeconds, lease.DeliveryCount);
        return outcome;
    }

    /// <summary>Tells whether another delivery cannot succeed where this one failed: the tomogram is unreadable or gone.</summary>
    static bool IsPermanent(Exception error) => error is VolumeFormatException or FileNotFoundException;

    async Task<BlockResult?> ReadResultAsync(BlobPath stored, CancellationToken cancellationToken)
    {
        try
        {
            return await blobs.ReadJsonAsync<BlockResult>(stored, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException error)
        {
            // A result cut short by a crash mid-write: pick the block again and replace it.
            this.LogUnreadableResult(stored.ToString(), error.Message);
            return null;
        }
    }

    async Task<BlockResult> PickAsync(BlockWorkItem item, CancellationToken cancellationToken)
    {
        IBlockPicker picker = await pickers.GetAsync(item.Ensemble, cancellationToken).ConfigureAwait(false);
        long started = Stopwatch.GetTimestamp();
        using IVolumeSource source = await BlobVolumes.OpenAsync(blobs, BlobPath.Parse(item.Tomogram), item.ETag, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<Pick> picks = await picker.PickAsync(source, item.Block, item.Statistics, cancellationToken).ConfigureAwait(false);
        return new BlockResult(item.Instance, item.Block.Index, picks, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    async Task<BlockOutcome> FailAsync(IWorkLease lease, BlockWorkItem item, Exception error, CancellationToken abandon)
    {
        if (!IsPermanent(error) && lease.DeliveryCount < options.WorkerMaxDeliveries)
        {
            TimeSpan delay = TimeSpan.FromSeconds(Math.Min(MaxRetryDelay.TotalSeconds, Math.Pow(2, lease.DeliveryCount - 1)));
            this.LogRetrying(item.MessageId, lease.DeliveryCount, options.WorkerMaxDeliveries, delay.TotalSeconds, error);
            try
            {
                // Held (and renewed) meanwhile, so a storage hiccup does not burn every delivery within seconds.
                await Task.Delay(delay, clock, abandon).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopping: give it back now.
            }

            await lease.AbandonAsync(CancellationToken.None).ConfigureAwait(false);
            return BlockOutcome.Retrying;
        }

        string reason = IsPermanent(error)
            ? error.Message
            : $"failed on each of {lease.DeliveryCount} deliveries; the last time: {error.Message}";
        await replies.SendAsync(new BlockReply(item.Instance, item.Block.Index, 0, 0, reason), CancellationToken.None).ConfigureAwait(false);
        await lease.DeadLetterAsync(reason, CancellationToken.None).ConfigureAwait(false);
        this.LogDeadLettered(item.MessageId, reason, error);
        return BlockOutcome.DeadLettered;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Outcome} block {MessageId}: {Picks} picks, {Seconds:F2} s (delivery {Delivery})")]
    partial void LogSettled(BlockOutcome outcome, string messageId, int picks, double seconds, int delivery);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Block {MessageId} failed on delivery {Delivery} of {MaxDeliveries}; giving it back in {DelaySeconds} s")]
    partial void LogRetrying(string messageId, int delivery, int maxDeliveries, double delaySeconds, Exception error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Dead-lettered block {MessageId}: {Reason}")]
    partial void LogDeadLettered(string messageId, string reason, Exception error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Dead-lettered a work message: {Reason}")]
    partial void LogUnreadable(string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Gave block {MessageId} back unfinished: the worker is stopping")]
    partial void LogAbandoned(string messageId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "Replied for block {MessageId} but could not complete its message; a re-delivery will re-announce it")]
    partial void LogCompleteFailed(string messageId, Exception error);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Stored result {Blob} is unreadable ({Problem}); picking the block again")]
    partial void LogUnreadableResult(string blob, string problem);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Picking block {MessageId} (delivery {Delivery})")]
    partial void LogPicking(string messageId, int delivery);

    [LoggerMessage(EventId = 8, Level = LogLevel.Warning, Message = "The work queue loop failed; trying again in 1 s")]
    partial void LogLoopError(Exception error);
}
