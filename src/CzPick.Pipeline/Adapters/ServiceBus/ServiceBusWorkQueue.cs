using Azure.Messaging.ServiceBus;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Adapters.ServiceBus;

/// <summary>
/// The work queue on Azure Service Bus: peek-lock receives, the lock renewed while a block runs, duplicate
/// detection by message id, and the queue's own dead-letter sub-queue. The queue's maximum delivery count (set in
/// infra/) dead-letters a block the worker never settles; the worker dead-letters earlier, replying first.
/// </summary>
sealed class ServiceBusWorkQueue : IWorkQueue, IAsyncDisposable
{
    readonly ServiceBusSender sender;
    readonly ServiceBusReceiver receiver;
    readonly ServiceBusReceiver deadLetters;
    readonly TimeProvider clock;
    readonly ILogger logger;

    /// <summary>Initializes a new instance of the <see cref="ServiceBusWorkQueue"/> class.</summary>
    /// <param name="client">The namespace's client.</param>
    /// <param name="queueName">The queue.</param>
    /// <param name="clock">The time source.</param>
    /// <param name="logger">Where lost locks are reported.</param>
    public ServiceBusWorkQueue(ServiceBusClient client, string queueName, TimeProvider clock, ILogger<ServiceBusWorkQueue> logger)
    {
        ArgumentNullException.ThrowIfNull(client);
        this.sender = client.CreateSender(queueName);

        // No prefetch: a prefetched message's lock runs while it waits in the buffer, unrenewed.
        this.receiver = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock, PrefetchCount = 0 });
        this.deadLetters = client.CreateReceiver(queueName, new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        this.clock = clock;
        this.logger = logger;
    }

    /// <inheritdoc/>
    public async Task SendAsync(IReadOnlyList<BlockWorkItem> items, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        int next = 0;
        while (next < items.Count)
        {
            using ServiceBusMessageBatch batch = await this.sender.CreateMessageBatchAsync(cancellationToken).ConfigureAwait(false);
            while (next < items.Count && batch.TryAddMessage(ServiceBusWorkMessages.Create(items[next])))
            {
                next++;
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException($"Work message {items[next].MessageId} is larger than a Service Bus batch allows.");
            }

            await this.sender.SendMessagesAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task<IWorkLease?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken = default)
    {
        ServiceBusReceivedMessage? message = await this.receiver.ReceiveMessageAsync(maxWait, cancellationToken).ConfigureAwait(false);
        return message is null ? null : new Lease(this, message);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<DeadLetter>> PeekDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ServiceBusReceivedMessage> messages = await this.deadLetters.PeekMessagesAsync(maxCount, cancellationToken: cancellationToken).ConfigureAwait(false);
        return messages.Select(message => new DeadLetter(message.MessageId, message.DeadLetterReason ?? string.Empty, message.Body)).ToArray();
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await this.sender.DisposeAsync().ConfigureAwait(false);
        await this.receiver.DisposeAsync().ConfigureAwait(false);
        await this.deadLetters.DisposeAsync().ConfigureAwait(false);
    }

    sealed class Lease : IWorkLease
    {
        /// <summary>Service Bus caps a dead-letter reason's length.</summary>
        const int MaxReasonLength = 4096;

        readonly ServiceBusWorkQueue owner;
        readonly ServiceBusReceivedMessage message;
        readonly LeaseRenewer renewer;
        bool settled;

        public Lease(ServiceBusWorkQueue owner, ServiceBusReceivedMessage message)
        {
            this.owner = owner;
            this.message = message;
            this.Item = ServiceBusWorkMessages.TryRead(message);
            this.renewer = new LeaseRenewer(message.MessageId, message.LockedUntil, this.RenewAsync, owner.clock, owner.logger);
        }

        public BlockWorkItem? Item { get; }

        public BinaryData Body => this.message.Body;

        public int DeliveryCount => this.message.DeliveryCount;

        public int Renewals => this.renewer.Renewals;

        public Task CompleteAsync(CancellationToken cancellationToken = default) =>
            this.SettleAsync(() => this.owner.receiver.CompleteMessageAsync(this.message, cancellationToken));

        public Task AbandonAsync(CancellationToken cancellationToken = default) =>
            this.SettleAsync(() => this.owner.receiver.AbandonMessageAsync(this.message, cancellationToken: cancellationToken));

        public Task DeadLetterAsync(string reason, CancellationToken cancellationToken = default) =>
            this.SettleAsync(() => this.owner.receiver.DeadLetterMessageAsync(
                this.message,
                deadLetterReason: reason.Length <= MaxReasonLength ? reason : reason[..MaxReasonLength],
                cancellationToken: cancellationToken));

        public async ValueTask DisposeAsync()
        {
            if (!this.settled)
            {
                try
                {
                    await this.AbandonAsync(CancellationToken.None).ConfigureAwait(false);
                }
                catch (ServiceBusException error) when (error.Reason == ServiceBusFailureReason.MessageLockLost)
                {
                    // The lock already lapsed: the message is delivered again by itself.
                }
            }

            await this.renewer.DisposeAsync().ConfigureAwait(false);
        }

        async Task<DateTimeOffset> RenewAsync(CancellationToken cancellationToken)
        {
            await this.owner.receiver.RenewMessageLockAsync(this.message, cancellationToken).ConfigureAwait(false);
            return this.message.LockedUntil;
        }

        async Task SettleAsync(Func<Task> settle)
        {
            if (this.settled)
            {
                throw new InvalidOperationException($"Work message {this.message.MessageId} was already settled.");
            }

            // Stop renewing first: a renewal racing a settlement would fail with a lost lock.
            await this.renewer.DisposeAsync().ConfigureAwait(false);
            await settle().ConfigureAwait(false);
            this.settled = true;
        }
    }
}
