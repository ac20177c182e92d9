using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Pipeline.Tests.Adapters.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class StorageReplyQueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Send_Reply_Base64JsonAsTheFunctionsTriggerDecodes()
    {
        string name = $"replies-{Guid.NewGuid():N}";
        QueueClient sending = new(azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await sending.CreateAsync();
        BlockReply reply = new("TS_5_4-abc", 17, PickCount: 3, InferenceSeconds: 12.5);

        await new StorageReplyQueue(sending).SendAsync(reply);

        // Read the raw message text, as the Functions queue trigger does before its default Base64 decoding.
        QueueClient raw = new(azurite.ConnectionString, name);
        QueueMessage message = Assert.Single((await raw.ReceiveMessagesAsync(10)).Value);
        string json = Encoding.UTF8.GetString(Convert.FromBase64String(message.Body.ToString()));
        Assert.Equal("{\"instance\":\"TS_5_4-abc\",\"block\":17,\"pickCount\":3,\"inferenceSeconds\":12.5,\"error\":null}", json);
    }
}
