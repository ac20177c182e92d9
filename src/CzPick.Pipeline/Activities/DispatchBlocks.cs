using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using Microsoft.DurableTask;

namespace CzPick.Pipeline.Activities;

/// <summary>
/// Puts some blocks of a stored plan on the work queue, one message per block with id
/// <c>{instance}:{block}:{attempt}</c>. A retry of this activity re-sends the same ids, which Service Bus drops as
/// duplicates and the worker answers from the stored result.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="workQueue">The work queue.</param>
public sealed class DispatchBlocks(IBlobStore blobs, IWorkQueue workQueue) : TaskActivity<DispatchRequest, int>
{
    /// <inheritdoc/>
    public override Task<int> RunAsync(TaskActivityContext context, DispatchRequest input) => this.ExecuteAsync(input, CancellationToken.None);

    /// <summary>Sends the blocks.</summary>
    /// <param name="input">The plan and the blocks.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The number of messages sent.</returns>
    /// <exception cref="InvalidOperationException">The plan is missing or has no such block.</exception>
    public async Task<int> ExecuteAsync(DispatchRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        BlobPath planPath = BlobPath.Parse(input.Plan);
        PlanDocument plan = await blobs.ReadJsonAsync<PlanDocument>(planPath, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Plan {planPath} of run {input.Instance} not found.");
        BlockWorkItem[] items = input.Blocks.Select(index => index >= 0 && index < plan.Blocks.Count
                ? new BlockWorkItem(input.Instance, plan.Run, plan.Tomogram, plan.ETag, plan.Ensemble, plan.Blocks[index], plan.Statistics, input.Attempt)
                : throw new InvalidOperationException($"Plan {planPath} has {plan.Blocks.Count} blocks; there is no block {index}."))
            .ToArray();
        await workQueue.SendAsync(items, cancellationToken).ConfigureAwait(false);
        return items.Length;
    }
}
