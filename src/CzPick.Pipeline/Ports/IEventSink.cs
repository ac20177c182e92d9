using Azure.Messaging;

namespace CzPick.Pipeline.Ports;

/// <summary>Where completion events go: an Event Grid topic in Azure, the <c>picking-events</c> Storage queue locally.</summary>
public interface IEventSink
{
    /// <summary>Publishes one CloudEvents 1.0 event.</summary>
    /// <param name="cloudEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the event is accepted.</returns>
    Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default);
}
