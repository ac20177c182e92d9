using Azure.Messaging;
using Azure.Messaging.EventGrid;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Adapters.EventGrid;

/// <summary>Completion events to an Event Grid topic whose input schema is CloudEvents 1.0.</summary>
/// <param name="publisher">The topic's publisher client.</param>
sealed class EventGridEventSink(EventGridPublisherClient publisher) : IEventSink
{
    /// <inheritdoc/>
    public Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default) =>
        publisher.SendEventAsync(cloudEvent, cancellationToken);
}
