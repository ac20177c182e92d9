using Azure.Messaging.ServiceBus;
using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Adapters.ServiceBus;

/// <summary>
/// How a block travels on Service Bus: JSON body, the block's message id for the queue's duplicate detection, and
/// the instance as correlation id so a run's messages can be traced and filtered.
/// </summary>
static class ServiceBusWorkMessages
{
    /// <summary>The message subject of every block.</summary>
    public const string Subject = "czpick.block";

    /// <summary>Builds the message of a block.</summary>
    /// <param name="item">The block.</param>
    /// <returns>The message.</returns>
    public static ServiceBusMessage Create(BlockWorkItem item) => new(PipelineJson.Serialize(item))
    {
        MessageId = item.MessageId,
        CorrelationId = item.Instance,
        Subject = Subject,
        ContentType = "application/json",
        ApplicationProperties =
        {
            ["run"] = item.Run,
            ["block"] = item.Block.Index,
            ["attempt"] = item.Attempt,
        },
    };

    /// <summary>Reads the block of a received message.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The block, or null when the body is not one.</returns>
    public static BlockWorkItem? TryRead(ServiceBusReceivedMessage message)
    {
        try
        {
            return PipelineJson.Deserialize<BlockWorkItem>(message.Body, $"Service Bus message {message.MessageId}");
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
