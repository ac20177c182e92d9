namespace CzPick.Pipeline.Adapters;

/// <summary>
/// When to renew a lease (a Service Bus peek-lock, a Storage queue message's invisibility): halfway through
/// what is left of it, so a renewal that is slow or must be retried still lands before the lease lapses.
/// </summary>
static class LeaseRenewalSchedule
{
    /// <summary>The least time between renewals, so a lease about to lapse is not renewed in a tight loop.</summary>
    public static readonly TimeSpan MinimumDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Returns how long to wait before renewing a lease.</summary>
    /// <param name="leasedUntil">When the lease lapses.</param>
    /// <param name="now">The current time.</param>
    /// <returns>Half the remaining time, at least <see cref="MinimumDelay"/>; <see cref="TimeSpan.Zero"/> once it has lapsed.</returns>
    public static TimeSpan DelayBeforeRenewal(DateTimeOffset leasedUntil, DateTimeOffset now)
    {
        TimeSpan remaining = leasedUntil - now;
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        TimeSpan half = remaining / 2;
        return half < MinimumDelay ? MinimumDelay : half;
    }
}
