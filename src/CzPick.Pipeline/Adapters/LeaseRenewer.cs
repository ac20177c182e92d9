using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Adapters;

/// <summary>
/// Keeps one lease alive in the background, on <see cref="LeaseRenewalSchedule"/>, until stopped. A renewal that
/// fails (the lease was lost) ends the loop: the block may then be delivered again, which the worker tolerates.
/// </summary>
sealed partial class LeaseRenewer : IAsyncDisposable
{
    readonly Func<CancellationToken, Task<DateTimeOffset>> renew;
    readonly TimeProvider clock;
    readonly ILogger logger;
    readonly string messageId;
    readonly CancellationTokenSource stop = new();
    readonly Task loop;
    int renewals;

    /// <summary>Initializes a new instance of the <see cref="LeaseRenewer"/> class and starts renewing.</summary>
    /// <param name="messageId">The leased message, for logs.</param>
    /// <param name="leasedUntil">When the lease lapses now.</param>
    /// <param name="renew">Renews the lease and returns when the renewed lease lapses.</param>
    /// <param name="clock">The time source.</param>
    /// <param name="logger">Where a lost lease is reported.</param>
    public LeaseRenewer(string messageId, DateTimeOffset leasedUntil, Func<CancellationToken, Task<DateTimeOffset>> renew, TimeProvider clock, ILogger logger)
    {
        this.messageId = messageId;
        this.renew = renew;
        this.clock = clock;
        this.logger = logger;
        this.loop = this.RunAsync(leasedUntil, this.stop.Token);
    }

    /// <summary>Gets how many renewals succeeded.</summary>
    public int Renewals => Volatile.Read(ref this.renewals);

    /// <summary>Stops renewing and waits for a renewal in flight to finish.</summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!this.stop.IsCancellationRequested)
        {
            await this.stop.CancelAsync().ConfigureAwait(false);
        }

        await this.loop.ConfigureAwait(false);
        this.stop.Dispose();
    }

    async Task RunAsync(DateTimeOffset leasedUntil, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                TimeSpan delay = LeaseRenewalSchedule.DelayBeforeRenewal(leasedUntil, this.clock.GetUtcNow());
                await Task.Delay(delay, this.clock, cancellationToken).ConfigureAwait(false);
                leasedUntil = await this.renew(cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref this.renewals);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Settled or disposed: the lease needs no more renewals.
        }
        catch (Exception error)
        {
            this.LogLeaseLost(this.messageId, error);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Lost the lease on work message {MessageId}; it may be delivered again")]
    partial void LogLeaseLost(string messageId, Exception error);
}
