using Azure.Messaging.ServiceBus;
using Azure.Messaging.ServiceBus.Administration;
using CzPick.Pipeline.Adapters.ServiceBus;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Pipeline.Tests.Adapters.ServiceBus;

/// <summary>
/// The work queue contract on a real Service Bus namespace. No broker can run on the build machines (the emulator
/// needs Docker), so these run only where <c>CZPICK_TEST_SERVICEBUS</c> holds a connection string whose identity may
/// create queues; elsewhere they are reported as skipped.
/// </summary>
public sealed class ServiceBusWorkQueueTests : WorkQueueContractTests, IAsyncLifetime
{
    const string ConnectionVariable = "CZPICK_TEST_SERVICEBUS";
    readonly string? connectionString = Environment.GetEnvironmentVariable(ConnectionVariable);
    readonly List<string> queues = [];
    ServiceBusClient? client;
    ServiceBusSender? lastSender;

    protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(5);

    public Task InitializeAsync()
    {
        if (!string.IsNullOrEmpty(this.connectionString))
        {
            this.client = new ServiceBusClient(this.connectionString);
        }

        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (this.client is not null)
        {
            ServiceBusAdministrationClient admin = new(this.connectionString);
            foreach (string queue in this.queues)
            {
                await admin.DeleteQueueAsync(queue);
            }

            await this.client.DisposeAsync();
        }
    }

    protected override async Task<IWorkQueue> CreateQueueAsync()
    {
        Skip.If(this.client is null, $"{ConnectionVariable} is not set: no Service Bus namespace to test against.");
        string name = $"work-{Guid.NewGuid():N}";
        await new ServiceBusAdministrationClient(this.connectionString).CreateQueueAsync(new CreateQueueOptions(name)
        {
            LockDuration = this.LeaseDuration,
            MaxDeliveryCount = 10,
            RequiresDuplicateDetection = true,
            DeadLetteringOnMessageExpiration = true,
        });
        this.queues.Add(name);
        this.lastSender = this.client!.CreateSender(name);
        return new ServiceBusWorkQueue(this.client, name, TimeProvider.System, NullLogger<ServiceBusWorkQueue>.Instance);
    }

    protected override Task SendRawAsync(string body) =>
        this.lastSender!.SendMessageAsync(new ServiceBusMessage(BinaryData.FromString(body)) { MessageId = Guid.NewGuid().ToString("N") });
}
