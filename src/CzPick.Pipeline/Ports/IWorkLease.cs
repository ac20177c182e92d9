using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Ports;

/// <summary>A block leased from the work queue. Settle it exactly once; disposing an unsettled lease abandons it.</summary>
public interface IWorkLease : IAsyncDisposable
{
    /// <summary>Gets the block, or null when the message could not be read as one (settle it by dead-lettering).</summary>
    BlockWorkItem? Item { get; }

    /// <summary>Gets the message's raw body, for the dead-letter reason of an unreadable message.</summary>
    BinaryData Body { get; }

    /// <summary>Gets how many times the message has been delivered, this delivery included (1 on the first).</summary>
    int DeliveryCount { get; }

    /// <summary>Gets how many times the lease was renewed so far.</summary>
    int Renewals { get; }

    /// <summary>Removes the block from the queue: it is done.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the block is removed.</returns>
    Task CompleteAsync(CancellationToken cancellationToken = default);

    /// <summary>Gives the block back for another delivery.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the block is visible again.</returns>
    Task AbandonAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves the block to the dead-letter queue with a reason: it will not be delivered again.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the block is dead-lettered.</returns>
    Task DeadLetterAsync(string reason, CancellationToken cancellationToken = default);
}
