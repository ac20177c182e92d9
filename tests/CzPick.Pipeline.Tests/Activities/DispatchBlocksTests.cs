using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Pipeline.Tests.Activities;

[Collection(AzuriteCollection.Name)]
public sealed class DispatchBlocksTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Execute_SomeBlocksOfStoredPlan_OneMessagePerBlockWithPlanData()
    {
        (AzureBlobStore blobs, StorageWorkQueue queue, BlobPath planPath, PlanDocument plan) = await this.ArrangeAsync();

        int sent = await new DispatchBlocks(blobs, queue).ExecuteAsync(new DispatchRequest("TS_5_4-abc", planPath.ToString(), [1, 3], Attempt: 2), default);

        Assert.Equal(2, sent);
        List<BlockWorkItem> items = [];
        while (await queue.ReceiveAsync(TimeSpan.FromMilliseconds(500)) is IWorkLease lease)
        {
            await using (lease)
            {
                items.Add(lease.Item!);
                await lease.CompleteAsync();
            }
        }

        Assert.Equal([1, 3], items.Select(item => item.Block.Index).Order());
        BlockWorkItem third = items.Single(item => item.Block.Index == 3);
        Assert.Equal(new BlockWorkItem("TS_5_4-abc", plan.Run, plan.Tomogram, plan.ETag, plan.Ensemble, plan.Blocks[3], plan.Statistics, 2), third);
    }

    [Fact]
    public async Task Execute_BlockNotInPlan_ErrorNamesPlanAndBlock()
    {
        (AzureBlobStore blobs, StorageWorkQueue queue, BlobPath planPath, _) = await this.ArrangeAsync();

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new DispatchBlocks(blobs, queue).ExecuteAsync(new DispatchRequest("TS_5_4-abc", planPath.ToString(), [4], 1), default));
        Assert.Equal($"Plan {planPath} has 4 blocks; there is no block 4.", error.Message);
    }

    async Task<(AzureBlobStore Blobs, StorageWorkQueue Queue, BlobPath PlanPath, PlanDocument Plan)> ArrangeAsync()
    {
        BlobServiceClient service = new(azurite.ConnectionString);
        string container = $"c{Guid.NewGuid():N}";
        await service.GetBlobContainerClient(container).CreateAsync();
        AzureBlobStore blobs = new(service);
        Shape3 shape = new(40, 80, 80);
        Block[] blocks = Enumerable.Range(0, 4)
            .Select(index => new Block(index, new Box3(new Index3(0, 0, 20 * index), new Shape3(40, 80, 20)), new Box3(new Index3(0, 0, Math.Max(0, (20 * index) - 8)), new Shape3(40, 80, 28))))
            .ToArray();
        PlanDocument plan = new("TS_5_4", "tomograms/TS_5_4.mrc", "\"0x9\"", "sample", shape, VoxelSizeAngstrom.Isotropic(10.012), new VolumeStatistics(256000, -1, 1, 0, 0.5), 1.5, blocks);
        BlobPath planPath = new(container, "TS_5_4-abc/plan.json");
        await blobs.WriteJsonAsync(planPath, plan);

        QueueServiceClient queues = new(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        QueueClient work = queues.GetQueueClient($"work-{Guid.NewGuid():N}");
        await work.CreateAsync();
        return (blobs, new StorageWorkQueue(work, queues.GetQueueClient("unused-poison"), TimeSpan.FromSeconds(30), TimeProvider.System, NullLogger<StorageWorkQueue>.Instance), planPath, plan);
    }
}
