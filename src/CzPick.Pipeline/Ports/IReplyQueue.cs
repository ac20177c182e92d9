using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Ports;

/// <summary>
/// The <c>block-results</c> Storage queue: workers send one reply per block; the Functions queue trigger (or
/// <c>czpick dev</c>'s pump) raises each on its orchestration.
/// </summary>
public interface IReplyQueue
{
    /// <summary>Sends a reply.</summary>
    /// <param name="reply">The reply.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the reply is on the queue.</returns>
    Task SendAsync(BlockReply reply, CancellationToken cancellationToken = default);
}
