using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Runs;
using Microsoft.DurableTask;

namespace CzPick.Pipeline.Activities;

/// <summary>
/// Publishes how a run ended as a CloudEvent; for a failed run it first writes the failure record,
/// <c>picks/{run}/error.json</c>, so the record exists by the time anyone reacts to the event.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="events">The event sink.</param>
/// <param name="clock">The time source of the event's time.</param>
public sealed class PublishCompletion(IBlobStore blobs, IEventSink events, TimeProvider clock) : TaskActivity<RunCompletion, string>
{
    /// <inheritdoc/>
    public override Task<string> RunAsync(TaskActivityContext context, RunCompletion input) => this.ExecuteAsync(input, CancellationToken.None);

    /// <summary>Writes the failure record when the run failed, then publishes the event.</summary>
    /// <param name="input">How the run ended.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The event's type.</returns>
    public async Task<string> ExecuteAsync(RunCompletion input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.IsFailure)
        {
            await blobs.WriteJsonAsync(BlobLayout.Error(input.Run), input, cancellationToken).ConfigureAwait(false);
        }

        Azure.Messaging.CloudEvent cloudEvent = CompletionEvents.Create(input, clock.GetUtcNow());
        await events.PublishAsync(cloudEvent, cancellationToken).ConfigureAwait(false);
        return cloudEvent.Type;
    }
}
