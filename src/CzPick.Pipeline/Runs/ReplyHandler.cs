using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Runs;

/// <summary>
/// Turns a worker's reply from the <c>block-results</c> queue into the <c>BlockDone</c> event of its orchestration:
/// the body of the Functions <c>BlockDone</c> trigger and of <c>czpick dev</c>'s reply pump.
/// </summary>
/// <param name="logger">Where stale replies are reported.</param>
public sealed partial class ReplyHandler(ILogger<ReplyHandler> logger)
{
    /// <summary>Raises a reply on its orchestration, unless that run no longer waits for replies.</summary>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="message">The queue message's body, a <see cref="BlockReply"/> in JSON.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when the event was raised; false when the run is unknown or already finished.</returns>
    /// <exception cref="FormatException">The message is not a reply; left to the queue's poison handling.</exception>
    public async Task<bool> HandleAsync(DurableTaskClient client, BinaryData message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        BlockReply reply = PipelineJson.Deserialize<BlockReply>(message, QueueNames.BlockResults);
        OrchestrationMetadata? instance = await client.GetInstanceAsync(reply.Instance, getInputsAndOutputs: false, cancellationToken).ConfigureAwait(false);
        if (instance is null || !instance.IsRunning)
        {
            // A late duplicate, or a reply for a run that was purged: nobody waits for it.
            this.LogStaleReply(reply.Block, reply.Instance, instance?.RuntimeStatus.ToString() ?? "unknown");
            return false;
        }

        await client.RaiseEventAsync(reply.Instance, PipelineTaskNames.BlockDoneEvent, reply, cancellationToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Dropped the reply for block {Block} of {Instance}: the run is {Status}")]
    partial void LogStaleReply(int block, string instance, string status);
}
