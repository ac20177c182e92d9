using Azure.Messaging;
using Azure.Storage.Queues;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Adapters.Storage;

/// <summary>
/// Completion events on a Storage queue (<c>picking-events</c>), one CloudEvents 1.0 JSON document (structured
/// mode) per message: the local and low-cost stand-in for an Event Grid topic.
/// </summary>
/// <param name="queue">The events queue; its client must use Base64 message encoding.</param>
sealed class StorageQueueEventSink(QueueClient queue) : IEventSink
{
    /// <inheritdoc/>
    public Task PublishAsync(CloudEvent cloudEvent, CancellationToken cancellationToken = default) =>
        queue.SendMessageAsync(BinaryData.FromObjectAsJson(cloudEvent), cancellationToken: cancellationToken);
}
