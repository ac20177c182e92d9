using Azure.Storage.Queues;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Pipeline.Tests.Adapters.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class StorageWorkQueueTests(AzuriteFixture azurite) : WorkQueueContractTests
{
    QueueClient? last;

    protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(1);

    protected override async Task<IWorkQueue> CreateQueueAsync()
    {
        QueueServiceClient service = new(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        string name = $"work-{Guid.NewGuid():N}";
        this.last = service.GetQueueClient(name);
        QueueClient poison = service.GetQueueClient(QueueNames.Poison(name));
        await this.last.CreateAsync();
        await poison.CreateAsync();
        return new StorageWorkQueue(this.last, poison, this.LeaseDuration, TimeProvider.System, NullLogger<StorageWorkQueue>.Instance);
    }

    protected override Task SendRawAsync(string body) => this.last!.SendMessageAsync(BinaryData.FromString(body));
}
