namespace CzPick.Pipeline.Orchestration;

/// <summary>
/// Ends a <c>PickTomogram</c> orchestration that could not finish, after its failure record and event were
/// published; the message is the reason the status endpoint and the failure record show.
/// </summary>
public sealed class PickingFailedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="PickingFailedException"/> class.</summary>
    /// <param name="reason">Why the run failed.</param>
    public PickingFailedException(string reason)
        : base(reason)
    {
    }
}
