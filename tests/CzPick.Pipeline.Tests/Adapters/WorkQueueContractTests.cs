using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Tests.Adapters;

/// <summary>
/// What every work queue must do, whatever its transport: each adapter's test class inherits these tests and
/// supplies a fresh queue per test.
/// </summary>
public abstract class WorkQueueContractTests
{
    /// <summary>Gets the lease duration the adapter under test runs with (short, so renewals happen in a test).</summary>
    protected abstract TimeSpan LeaseDuration { get; }

    [SkippableFact]
    public async Task Send_ThenReceive_SameBlockOnFirstDelivery()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        BlockWorkItem item = Item(block: 3);

        await queue.SendAsync([item]);
        await using IWorkLease lease = await ReceiveAsync(queue);

        Assert.Equal(item, lease.Item);
        Assert.Equal(1, lease.DeliveryCount);
        await lease.CompleteAsync();
    }

    [SkippableFact]
    public async Task Send_ManyBlocks_EachDeliveredOnce()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await queue.SendAsync(Enumerable.Range(0, 40).Select(block => Item(block)).ToArray());

        List<int> received = [];
        while (await queue.ReceiveAsync(TimeSpan.FromSeconds(1)) is IWorkLease lease)
        {
            await using (lease)
            {
                received.Add(lease.Item!.Block.Index);
                await lease.CompleteAsync();
            }
        }

        Assert.Equal(Enumerable.Range(0, 40), received.Order());
    }

    [SkippableFact]
    public async Task Complete_BlockNotDeliveredAgain()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await queue.SendAsync([Item(block: 1)]);
        await using (IWorkLease lease = await ReceiveAsync(queue))
        {
            await lease.CompleteAsync();
        }

        Assert.Null(await queue.ReceiveAsync(this.LeaseDuration * 2));
    }

    [SkippableFact]
    public async Task Abandon_DeliveredAgainWithHigherCount()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await queue.SendAsync([Item(block: 2)]);
        await using (IWorkLease first = await ReceiveAsync(queue))
        {
            await first.AbandonAsync();
        }

        await using IWorkLease second = await ReceiveAsync(queue);
        Assert.Equal(2, second.DeliveryCount);
        Assert.Equal(2, second.Item!.Block.Index);
        await second.CompleteAsync();
    }

    [SkippableFact]
    public async Task Dispose_UnsettledLease_DeliveredAgain()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await queue.SendAsync([Item(block: 4)]);
        await (await ReceiveAsync(queue)).DisposeAsync();

        await using IWorkLease again = await ReceiveAsync(queue);
        Assert.Equal(2, again.DeliveryCount);
        await again.CompleteAsync();
    }

    [SkippableFact]
    public async Task DeadLetter_NotDeliveredAgainAndKeptWithReason()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        BlockWorkItem item = Item(block: 5);
        await queue.SendAsync([item]);
        await using (IWorkLease lease = await ReceiveAsync(queue))
        {
            await lease.DeadLetterAsync("failed 5 times: slab read failed");
        }

        Assert.Null(await queue.ReceiveAsync(this.LeaseDuration * 2));
        DeadLetter letter = Assert.Single(await queue.PeekDeadLettersAsync(10));
        Assert.Equal(item.MessageId, letter.MessageId);
        Assert.Equal("failed 5 times: slab read failed", letter.Reason);
        Assert.Equal(item, PipelineJson.Deserialize<BlockWorkItem>(letter.Body, "dead letter"));
    }

    [SkippableFact]
    public async Task Lease_HeldPastItsDuration_RenewedAndHiddenFromOthers()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await queue.SendAsync([Item(block: 6)]);
        await using IWorkLease lease = await ReceiveAsync(queue);

        // Without renewal the block would reappear after one lease duration; poll for three.
        Assert.Null(await queue.ReceiveAsync(this.LeaseDuration * 3));
        Assert.True(lease.Renewals >= 2, $"expected at least 2 renewals, saw {lease.Renewals}");
        await lease.CompleteAsync();
        Assert.Null(await queue.ReceiveAsync(this.LeaseDuration * 2));
    }

    [SkippableFact]
    public async Task Settle_Twice_Throws()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await queue.SendAsync([Item(block: 7)]);
        await using IWorkLease lease = await ReceiveAsync(queue);
        await lease.CompleteAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => lease.AbandonAsync());
    }

    [SkippableFact]
    public async Task Receive_MessageNotABlock_LeaseWithoutItemThatCanBeDeadLettered()
    {
        IWorkQueue queue = await this.CreateQueueAsync();
        await this.SendRawAsync("{\"not\": \"a block\"");
        await using IWorkLease lease = await ReceiveAsync(queue);

        Assert.Null(lease.Item);
        Assert.Equal("{\"not\": \"a block\"", lease.Body.ToString());
        await lease.DeadLetterAsync("not a block");
        Assert.Equal("not a block", Assert.Single(await queue.PeekDeadLettersAsync(10)).Reason);
    }

    [SkippableFact]
    public async Task Receive_EmptyQueue_NullAfterWaiting()
    {
        IWorkQueue queue = await this.CreateQueueAsync();

        Assert.Null(await queue.ReceiveAsync(TimeSpan.FromMilliseconds(300)));
    }

    internal static BlockWorkItem Item(int block, int attempt = 1) => new(
        "TS_5_4-0123456789abcdef",
        "TS_5_4",
        "tomograms/TS_5_4.mrc",
        "\"0x8DC0123\"",
        "sample",
        new Block(block, new Box3(new Index3(0, 0, 64 * block), new Shape3(32, 64, 64)), new Box3(new Index3(0, 0, Math.Max(0, (64 * block) - 16)), new Shape3(32, 64, 96))),
        new VolumeStatistics(1000, -3.5, 4.25, 0.125, 1.5),
        attempt);

    /// <summary>Creates a fresh, empty queue (with its dead-letter store) for one test.</summary>
    /// <returns>The adapter over it.</returns>
    protected abstract Task<IWorkQueue> CreateQueueAsync();

    /// <summary>Puts a message with an arbitrary body on the queue last created.</summary>
    /// <param name="body">The body.</param>
    /// <returns>A task that completes when it is sent.</returns>
    protected abstract Task SendRawAsync(string body);

    static async Task<IWorkLease> ReceiveAsync(IWorkQueue queue) =>
        await queue.ReceiveAsync(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("No block arrived within 10 s.");
}
