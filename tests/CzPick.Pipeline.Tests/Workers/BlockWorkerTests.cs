using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Tests.Support;
using CzPick.Pipeline.Workers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Pipeline.Tests.Workers;

/// <summary>The block worker on Azurite: the Storage work queue, the reply queue and blobs, with a probe picker.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlockWorkerTests(AzuriteFixture azurite) : IAsyncLifetime
{
    static readonly Shape3 Shape = new(16, 24, 40);

    readonly ProbePickers pickers = new();
    PipelineHost? host;
    DenseVolume? volume;
    StoredBlob? tomogram;

    PipelineHost Host => this.host!;

    IBlobStore Blobs => this.Host.Get<IBlobStore>();

    IWorkQueue Queue => this.Host.Get<IWorkQueue>();

    string Instance => $"{this.Host.Run("TS_1")}-0123456789abcdef";

    public async Task InitializeAsync()
    {
        this.host = await PipelineHost.StartAsync(azurite, (SettingNames.WorkerMaxDeliveries, "2"), (SettingNames.WorkQueueLeaseSeconds, "5"));
        string run = this.Host.Run("TS_1");
        this.volume = TestVolumes.Noise(run, Shape, seed: 11);
        this.tomogram = await TestVolumes.UploadMrcAsync(this.Blobs, this.Host.Tomogram(run), this.volume);
    }

    public async Task DisposeAsync() => await this.host!.DisposeAsync();

    [Fact]
    public async Task Handle_NewBlock_PicksTheSlabStoresRepliesAndCompletes()
    {
        BlockWorkItem item = this.Item(1);
        await this.Queue.SendAsync([item]);

        BlockOutcome outcome = await this.HandleNextAsync();

        Assert.Equal(BlockOutcome.Picked, outcome);
        Assert.Equal("sample", this.pickers.Ensemble);
        BlockResult result = (await this.Blobs.ReadJsonAsync<BlockResult>(BlobLayout.BlockResult(this.Instance, 1)))!;
        Assert.Equal([ProbePickers.Expected(this.volume!, item.Block, item.Statistics)], result.Picks);
        BlockReply reply = Assert.Single(await this.TakeRepliesAsync());
        Assert.Equal(new BlockReply(this.Instance, 1, 1, result.InferenceSeconds), reply);
        Assert.Null(await this.Queue.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    [Fact]
    public async Task Handle_ResultStoredAlready_ReannouncedWithoutPickingAgain()
    {
        BlockResult stored = new(this.Instance, 2, [new Core.Picking.Pick("ribosome", 1, 2, 3, 0.5f), new Core.Picking.Pick("thyroglobulin", 4, 5, 6, 0.25f)], 7.5);
        await this.Blobs.WriteJsonAsync(BlobLayout.BlockResult(this.Instance, 2), stored);
        await this.Queue.SendAsync([this.Item(2)]);

        BlockOutcome outcome = await this.HandleNextAsync();

        Assert.Equal(BlockOutcome.Reannounced, outcome);
        Assert.Equal(0, this.pickers.Calls);
        Assert.Equal(new BlockReply(this.Instance, 2, 2, 7.5), Assert.Single(await this.TakeRepliesAsync()));
        Assert.Equal(stored.Picks, (await this.Blobs.ReadJsonAsync<BlockResult>(BlobLayout.BlockResult(this.Instance, 2)))!.Picks);
    }

    [Fact]
    public async Task Handle_PickFailsEveryTime_GivenBackThenDeadLetteredWithTheReasonReplied()
    {
        this.pickers.Before = (block, cancellationToken) => throw new IOException("GPU fell off the bus");
        await this.Queue.SendAsync([this.Item(0)]);

        BlockOutcome first = await this.HandleNextAsync();
        BlockOutcome second = await this.HandleNextAsync();

        Assert.Equal(BlockOutcome.Retrying, first);
        Assert.Equal(BlockOutcome.DeadLettered, second);
        string reason = "failed on each of 2 deliveries; the last time: GPU fell off the bus";
        Assert.Equal(new BlockReply(this.Instance, 0, 0, 0, reason), Assert.Single(await this.TakeRepliesAsync()));
        DeadLetter letter = Assert.Single(await this.Queue.PeekDeadLettersAsync(10));
        Assert.Equal(this.Item(0).MessageId, letter.MessageId);
        Assert.Equal(reason, letter.Reason);
        Assert.Null(await this.Blobs.GetInfoAsync(BlobLayout.BlockResult(this.Instance, 0)));
    }

    [Fact]
    public async Task Handle_TomogramReplacedSinceTheRunStarted_DeadLetteredAtOnce()
    {
        await TestVolumes.UploadMrcAsync(this.Blobs, this.Host.Tomogram(this.Host.Run("TS_1")), TestVolumes.Noise("TS_1", Shape, seed: 12));
        await this.Queue.SendAsync([this.Item(3)]);

        BlockOutcome outcome = await this.HandleNextAsync();

        Assert.Equal(BlockOutcome.DeadLettered, outcome);
        BlockReply reply = Assert.Single(await this.TakeRepliesAsync());
        Assert.Equal($"Blob {this.Host.Tomogram(this.Host.Run("TS_1"))} at ETag {this.tomogram!.ETag} not found: it was changed since.", reply.Error);
    }

    [Fact]
    public async Task Handle_MessageNotABlock_DeadLetteredWithoutReply()
    {
        QueueClient work = this.Host.Get<QueueServiceClient>().GetQueueClient(this.Host.Options.WorkQueueName);
        await work.SendMessageAsync(BinaryData.FromString("{\"hello\": 1}"));

        BlockOutcome outcome = await this.HandleNextAsync();

        Assert.Equal(BlockOutcome.DeadLettered, outcome);
        Assert.Equal("Not a block work item: {\"hello\": 1}", Assert.Single(await this.Queue.PeekDeadLettersAsync(10)).Reason);
        Assert.Empty(await this.TakeRepliesAsync());
    }

    [Fact]
    public async Task Run_StoppedWhileABlockRuns_BlockGivenBackForAnotherWorker()
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        this.pickers.Before = async (block, cancellationToken) =>
        {
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        };
        await this.Queue.SendAsync([this.Item(1)]);
        using CancellationTokenSource stopTaking = new();
        using CancellationTokenSource abandon = new();
        Task loop = this.Worker().RunAsync(stopTaking.Token, abandon.Token);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        await stopTaking.CancelAsync();
        await abandon.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromMinutes(1));

        await using IWorkLease again = (await this.Queue.ReceiveAsync(TimeSpan.FromSeconds(10)))!;
        Assert.Equal(2, again.DeliveryCount);
        Assert.Empty(await this.TakeRepliesAsync());
        await again.CompleteAsync();
    }

    [Fact]
    public async Task Run_StopTakingOnly_BlockInProgressFinishes()
    {
        TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        this.pickers.Before = async (block, cancellationToken) =>
        {
            started.TrySetResult();
            await release.Task;
        };
        await this.Queue.SendAsync([this.Item(2)]);
        using CancellationTokenSource stopTaking = new();
        Task loop = this.Worker().RunAsync(stopTaking.Token, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromMinutes(1));

        await stopTaking.CancelAsync();
        release.SetResult();
        await loop.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(2, Assert.Single(await this.TakeRepliesAsync()).Block);
        Assert.Null(await this.Queue.ReceiveAsync(TimeSpan.FromMilliseconds(500)));
    }

    BlockWorker Worker() => new(
        this.Queue,
        this.Host.Get<IReplyQueue>(),
        this.Blobs,
        this.pickers,
        this.Host.Options,
        TimeProvider.System,
        NullLogger<BlockWorker>.Instance);

    async Task<BlockOutcome> HandleNextAsync()
    {
        await using IWorkLease lease = await this.Queue.ReceiveAsync(TimeSpan.FromSeconds(10)) ?? throw new Xunit.Sdk.XunitException("No block arrived within 10 s.");
        return await this.Worker().HandleAsync(lease, CancellationToken.None);
    }

    BlockWorkItem Item(int block)
    {
        Block[] blocks =
        [
            new(0, new Box3(new Index3(0, 0, 0), new Shape3(16, 24, 20)), new Box3(new Index3(0, 0, 0), new Shape3(16, 24, 28))),
            new(1, new Box3(new Index3(0, 0, 20), new Shape3(16, 24, 20)), new Box3(new Index3(0, 0, 12), new Shape3(16, 24, 28))),
            new(2, new Box3(new Index3(0, 0, 0), new Shape3(8, 24, 40)), new Box3(new Index3(0, 0, 0), new Shape3(12, 24, 40))),
            new(3, new Box3(new Index3(8, 0, 0), new Shape3(8, 24, 40)), new Box3(new Index3(4, 0, 0), new Shape3(12, 24, 40))),
        ];
        VolumeStatistics statistics = VolumeStatistics.Compute(this.volume!.Voxels);
        return new BlockWorkItem(this.Instance, this.Host.Run("TS_1"), this.Host.Tomogram(this.Host.Run("TS_1")).ToString(), this.tomogram!.ETag, "sample", blocks[block], statistics, 1);
    }

    /// <summary>Takes this test's replies off the shared block-results queue (other tests' are left there).</summary>
    async Task<BlockReply[]> TakeRepliesAsync()
    {
        QueueClient replies = this.Host.Get<QueueServiceClient>().GetQueueClient(QueueNames.BlockResults);
        List<BlockReply> mine = [];
        foreach (QueueMessage message in (await replies.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value)
        {
            BlockReply reply = PipelineJson.Deserialize<BlockReply>(message.Body, "reply");
            if (reply.Instance == this.Instance)
            {
                mine.Add(reply);
                await replies.DeleteMessageAsync(message.MessageId, message.PopReceipt);
            }
        }

        return [.. mine];
    }
}
