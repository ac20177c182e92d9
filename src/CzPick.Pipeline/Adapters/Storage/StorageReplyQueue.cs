using Azure.Storage.Queues;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Adapters.Storage;

/// <summary>Replies on the <c>block-results</c> Storage queue, Base64-encoded as the Functions queue trigger expects.</summary>
/// <param name="queue">The reply queue; its client must use Base64 message encoding.</param>
sealed class StorageReplyQueue(QueueClient queue) : IReplyQueue
{
    /// <inheritdoc/>
    public Task SendAsync(BlockReply reply, CancellationToken cancellationToken = default) =>
        queue.SendMessageAsync(PipelineJson.Serialize(reply), cancellationToken: cancellationToken);
}
