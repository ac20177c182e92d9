using Azure.Messaging;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Pipeline.Tests.Activities;

[Collection(AzuriteCollection.Name)]
public sealed class PublishCompletionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Execute_Failed_ErrorRecordThenFailedEvent()
    {
        (AzureBlobStore blobs, QueueClient events) = await ArrangeAsync(azurite);
        RunCompletion failure = new("TS_9-abc", "TS_9", "tomograms/TS_9.mrc", RunCompletion.Failed, null, "PlanRun failed: not an MRC file");

        string type = await new PublishCompletion(blobs, new StorageQueueEventSink(events), TimeProvider.System).ExecuteAsync(failure, default);

        Assert.Equal(CompletionEvents.FailedType, type);
        RunCompletion record = (await blobs.ReadJsonAsync<RunCompletion>(BlobLayout.Error("TS_9")))!;
        Assert.Equal(failure, record);
        CloudEvent published = CloudEvent.Parse(Assert.Single((await events.ReceiveMessagesAsync(10)).Value).Body)!;
        Assert.Equal("org.czpick.picking.failed", published.Type);
        Assert.Equal("TS_9-abc", published.Id);
        Assert.Equal("PlanRun failed: not an MRC file", CompletionEvents.ReadCompletion(published).Error);
    }

    [Fact]
    public async Task Execute_Completed_EventOnlyNoErrorRecord()
    {
        (AzureBlobStore blobs, QueueClient events) = await ArrangeAsync(azurite);
        RunCompletion completion = new("TS_8-abc", "TS_8", "tomograms/TS_8.mrc", RunCompletion.Completed, new RunOutputs([], "picks/TS_8/picks.csv", "picks/TS_8/summary.json", 0), null);

        await new PublishCompletion(blobs, new StorageQueueEventSink(events), TimeProvider.System).ExecuteAsync(completion, default);

        Assert.Null(await blobs.GetInfoAsync(BlobLayout.Error("TS_8")));
        QueueMessage message = Assert.Single((await events.ReceiveMessagesAsync(10)).Value);
        Assert.Equal("org.czpick.picking.completed", CloudEvent.Parse(message.Body)!.Type);
    }

    static async Task<(AzureBlobStore Blobs, QueueClient Events)> ArrangeAsync(AzuriteFixture azurite)
    {
        BlobServiceClient service = new(azurite.ConnectionString);
        await service.GetBlobContainerClient(BlobLayout.Picks).CreateIfNotExistsAsync();
        QueueClient events = new(azurite.ConnectionString, $"events-{Guid.NewGuid():N}", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await events.CreateAsync();
        return (new AzureBlobStore(service), events);
    }
}
