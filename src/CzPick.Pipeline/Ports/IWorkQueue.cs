using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Ports;

/// <summary>
/// The queue of blocks between the orchestration and the workers (Service Bus in production, a Storage queue locally
/// or as the low-cost option). Delivery is at least once: a block is leased, not removed, until it is settled.
/// </summary>
public interface IWorkQueue
{
    /// <summary>Sends blocks, in as few round trips as the transport allows.</summary>
    /// <param name="items">The blocks.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when every block is on the queue.</returns>
    Task SendAsync(IReadOnlyList<BlockWorkItem> items, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits for a block and leases it: no other receiver gets it while the lease lives. The lease is renewed in the
    /// background until it is settled or disposed; a lease that is neither (the worker died) expires, and the block
    /// is delivered again.
    /// </summary>
    /// <param name="maxWait">How long to wait for a block.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lease, or null when no block came within <paramref name="maxWait"/>.</returns>
    Task<IWorkLease?> ReceiveAsync(TimeSpan maxWait, CancellationToken cancellationToken = default);

    /// <summary>Reads, without removing them, the messages that were dead-lettered, oldest first.</summary>
    /// <param name="maxCount">The most to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The dead letters.</returns>
    Task<IReadOnlyList<DeadLetter>> PeekDeadLettersAsync(int maxCount, CancellationToken cancellationToken = default);
}
