using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CzPick.Functions;

/// <summary>
/// Raises each worker reply on its orchestration. A message that is not a reply fails the function; after
/// host.json's <c>maxDequeueCount</c> tries it lands in <c>block-results-poison</c>.
/// </summary>
/// <param name="handler">The reply handler.</param>
public sealed class BlockDoneFunction(ReplyHandler handler)
{
    /// <summary>Handles one reply.</summary>
    /// <param name="message">The reply, Base64-decoded by the trigger.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    /// <returns>A task that completes when the event is raised (or the stale reply dropped).</returns>
    [Function("BlockDone")]
    public Task BlockDone(
        [QueueTrigger(QueueNames.BlockResults, Connection = SettingNames.Storage)] string message,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        handler.HandleAsync(client, BinaryData.FromString(message), cancellationToken);
}
