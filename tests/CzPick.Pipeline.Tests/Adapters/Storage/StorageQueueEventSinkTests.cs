using Azure.Messaging;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Pipeline.Tests.Adapters.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class StorageQueueEventSinkTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Publish_Completion_OneCloudEventsJsonMessage()
    {
        QueueClient queue = new(azurite.ConnectionString, $"events-{Guid.NewGuid():N}", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateAsync();
        RunCompletion completion = new("TS_5_4-abc", "TS_5_4", "tomograms/TS_5_4.mrc", RunCompletion.Completed, new RunOutputs(["picks/ExperimentRuns/TS_5_4/Picks/czpick_0_ribosome.json"], "picks/TS_5_4/picks.csv", "picks/TS_5_4/summary.json", 12), null);

        await new StorageQueueEventSink(queue).PublishAsync(CompletionEvents.Create(completion, DateTimeOffset.UnixEpoch));

        QueueMessage message = Assert.Single((await queue.ReceiveMessagesAsync(10)).Value);

        // Read the body as plain CloudEvents 1.0 JSON, the way any consumer would.
        using System.Text.Json.JsonDocument json = System.Text.Json.JsonDocument.Parse(message.Body.ToString());
        Assert.Equal("1.0", json.RootElement.GetProperty("specversion").GetString());
        Assert.Equal("org.czpick.picking.completed", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("TS_5_4-abc", json.RootElement.GetProperty("id").GetString());
        Assert.Equal("TS_5_4", json.RootElement.GetProperty("subject").GetString());
        Assert.Equal("/czpick/pipeline", json.RootElement.GetProperty("source").GetString());
        Assert.Equal("picks/TS_5_4/picks.csv", json.RootElement.GetProperty("data").GetProperty("outputs").GetProperty("csv").GetString());
        CloudEvent parsed = CloudEvent.Parse(message.Body)!;
        Assert.Equal(12, CompletionEvents.ReadCompletion(parsed).Outputs!.PickCount);
    }
}
