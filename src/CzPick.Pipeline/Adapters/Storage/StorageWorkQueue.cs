using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Adapters.Storage;

/// <summary>
/// The work queue on an Azure Storage queue: a lease is the message's invisibility, renewed by updating it;
/// dead letters go to <c>{queue}-poison</c>, the Functions runtime's convention. Storage queues have no duplicate
/// detection: a repeated send is delivered twice, and the worker re-announces the stored result.
/// </summary>
sealed class StorageWorkQueue : IWorkQueue
{
    /// <summary>The longest pause between two empty polls (Storage queues have no long polling).</summary>
    static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(1);

    readonly QueueClient queue;
    readonly QueueClient poison;
    readonly TimeSpan lease;
    readonly TimeProvider clock;
    readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="StorageWorkQueue"/> class.</summary>
    /// <param name="queue">The work queue; its client must use Base64 message encoding.</param>
    /// <param name="poison">The dead-letter queue.</param>
    /// <param name="lease">How long a received block stays invisible between renewals.</param>
    /// <param name="clock">The time source.</param>
    /// <param name="logger">Where lost leases are reported.</param>
    public StorageWorkQueue(QueueClient queue, QueueClient poison, TimeSpan lease, TimeProvider clock, ILogger<StorageWorkQueue> logger)
    {
        this.queue = queue;
        this.poison = poison;
        this.lease = lease;
        this.clock = clock;
        this.logger = logger;
    }

    /// <inheritdoc/>
    public async Task SendAsync(IReadOnlyList<BlockWorkItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);

        // A Storage queue takes one message per call: send a handful at once.
        await Parallel.ForEachAsync(
            items,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (item, token) => await this.queue.SendMessageAsync(PipelineJson.Serialize(item), cancellationToken: token).ConfigureAwait(false)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IWorkLease?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        DateTimeOffset deadline = this.clock.GetUtcNow() + maxWait;
        TimeSpan pause = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            QueueMessage? message = await this.queue.ReceiveMessageAsync(this.lease, cancellationToken).ConfigureAwait(false);
            if (message is not null)
            {
                return new Lease(this, message);
            }

            TimeSpan left = deadline - this.clock.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return null;
            }

            await Task.Delay(pause < left ? pause : left, this.clock, cancellationToken).ConfigureAwait(false);
            pause = pause * 2 < MaxPollDelay ? pause * 2 : MaxPollDelay;
        }
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeadLetter>> PeekDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        PeekedMessage[] messages = await this.poison.PeekMessagesAsync(Math.Clamp(maxCount, 1, 32), cancellationToken).ConfigureAwait(false);
        return messages.Select(message => PipelineJson.Deserialize<StoredDeadLetter>(message.Body, this.poison.Name))
            .Select(stored => new DeadLetter(stored.MessageId, stored.Reason, BinaryData.FromString(stored.Body)))
            .ToArray();
    }

    /// <summary>A dead letter as the poison queue holds it: the reason travels with the body.</summary>
    sealed record StoredDeadLetter(string MessageId, string Reason, string Body);

    sealed class Lease : IWorkLease
    {
        readonly StorageWorkQueue owner;
        readonly string messageId;
        readonly SemaphoreSlim receiptLock = new(1, 1);
        readonly LeaseRenewer renewer;
        string popReceipt;
        bool settled;

        public Lease(StorageWorkQueue owner, QueueMessage message)
        {
            this.owner = owner;
            this.messageId = message.MessageId;
            this.popReceipt = message.PopReceipt;
            this.Body = message.Body;
            this.DeliveryCount = (int)message.DequeueCount;
            this.Item = TryRead(message.Body);
            this.renewer = new LeaseRenewer(message.MessageId, message.NextVisibleOn ?? owner.clock.GetUtcNow() + owner.lease, this.RenewAsync, owner.clock, owner.logger);
        }

        public BlockWorkItem? Item { get; }

        public BinaryData Body { get; }

        public int DeliveryCount { get; }

        public int Renewals => this.renewer.Renewals;

        public Task CompleteAsync(CancellationToken cancellationToken = default) =>
            this.SettleAsync(receipt => this.owner.queue.DeleteMessageAsync(this.messageId, receipt, cancellationToken), cancellationToken);

        public Task AbandonAsync(CancellationToken cancellationToken = default) =>
            this.SettleAsync(receipt => this.owner.queue.UpdateMessageAsync(this.messageId, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: cancellationToken), cancellationToken);

        public Task DeadLetterAsync(string reason, CancellationToken cancellationToken = default) =>
            this.SettleAsync(
                async receipt =>
                {
                    // The block's own id, as Service Bus would keep it; the queue's id is the service's.
                    StoredDeadLetter letter = new(this.Item?.MessageId ?? this.messageId, reason, this.Body.ToString());
                    await this.owner.poison.SendMessageAsync(PipelineJson.Serialize(letter), cancellationToken: cancellationToken).ConfigureAwait(false);
                    return await this.owner.queue.DeleteMessageAsync(this.messageId, receipt, cancellationToken).ConfigureAwait(false);
                },
                cancellationToken);

        public async ValueTask DisposeAsync()
        {
            if (!this.settled)
            {
                try
                {
                    await this.AbandonAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (RequestFailedException)
                {
                    // The lease was already lost: the message becomes visible by itself.
                }
            }

            await this.renewer.DisposeAsync().ConfigureAwait(false);
            this.receiptLock.Dispose();
        }

        static BlockWorkItem? TryRead(BinaryData body)
        {
            try
            {
                return PipelineJson.Deserialize<BlockWorkItem>(body, "work message");
            }
            catch (FormatException)
            {
                return null;
            }
        }

        async Task<DateTimeOffset> RenewAsync(CancellationToken cancellationToken)
        {
            await this.receiptLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                UpdateReceipt receipt = await this.owner.queue.UpdateMessageAsync(this.messageId, this.popReceipt, visibilityTimeout: this.owner.lease, cancellationToken: cancellationToken).ConfigureAwait(false);
                this.popReceipt = receipt.PopReceipt;
                return receipt.NextVisibleOn;
            }
            finally
            {
                this.receiptLock.Release();
            }
        }

        async Task SettleAsync<T>(Func<string, Task<T>> settle, CancellationToken cancellationToken)
        {
            await this.receiptLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (this.settled)
                {
                    throw new InvalidOperationException($"Work message {this.messageId} was already settled.");
                }

                await settle(this.popReceipt).ConfigureAwait(false);
                this.settled = true;
            }
            finally
            {
                this.receiptLock.Release();
            }

            await this.renewer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
