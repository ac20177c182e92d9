namespace CzPick.Pipeline.Contracts;

/// <summary>
/// The input of <c>PublishCompletion</c> and the data of the completion CloudEvent: how a run ended. A failed run
/// also leaves this as its failure record, <c>picks/{run}/error.json</c>.
/// </summary>
/// <param name="Instance">The orchestration instance id (the CloudEvent's id).</param>
/// <param name="Run">The run name (the CloudEvent's subject).</param>
/// <param name="Tomogram">The tomogram blob.</param>
/// <param name="Status"><see cref="Completed"/> or <see cref="Failed"/>.</param>
/// <param name="Outputs">Where the picks are; null when the run failed.</param>
/// <param name="Error">Why the run failed; null when it completed.</param>
public sealed record RunCompletion(string Instance, string Run, string Tomogram, string Status, RunOutputs? Outputs, string? Error)
{
    /// <summary>The status of a run whose picks were written.</summary>
    public const string Completed = "completed";

    /// <summary>The status of a run that was rejected or failed.</summary>
    public const string Failed = "failed";

    /// <summary>Gets a value indicating whether the run failed.</summary>
    public bool IsFailure => this.Status == Failed;
}
