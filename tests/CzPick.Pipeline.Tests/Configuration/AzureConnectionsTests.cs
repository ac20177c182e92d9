using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CzPick.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace CzPick.Pipeline.Tests.Configuration;

public sealed class AzureConnectionsTests
{
    [Fact]
    public void Blobs_ConnectionString_ClientOnItsEndpoint()
    {
        BlobServiceClient client = AzureConnections.Blobs(Build(("CzPickStorage", "UseDevelopmentStorage=true")), SettingNames.Storage);

        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), client.Uri);
    }

    [Fact]
    public void Queues_ManagedIdentityEndpoint_ClientOnThatEndpoint()
    {
        QueueServiceClient client = AzureConnections.Queues(
            Build(("CzPickStorage:queueServiceUri", "https://czpickdata.queue.core.windows.net"), ("CzPickStorage:clientId", "00000000-0000-0000-0000-000000000001")),
            SettingNames.Storage);

        Assert.Equal("czpickdata", client.AccountName);
    }

    [Fact]
    public void Blobs_NothingSet_ErrorNamesBothForms()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => AzureConnections.Blobs(Build(), SettingNames.Storage));

        Assert.Equal(
            "Connection 'CzPickStorage' is not configured: set 'CzPickStorage' to a connection string (locally 'UseDevelopmentStorage=true' for Azurite), or 'CzPickStorage__blobServiceUri' to use a managed identity.",
            error.Message);
    }

    [Fact]
    public void ServiceBus_NamespaceSet_ClientForThatNamespace()
    {
        Azure.Messaging.ServiceBus.ServiceBusClient client = AzureConnections.ServiceBus(Build(("CzPickServiceBus:fullyQualifiedNamespace", "czpick.servicebus.windows.net")), SettingNames.ServiceBus);

        Assert.Equal("czpick.servicebus.windows.net", client.FullyQualifiedNamespace);
    }

    static IConfiguration Build(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
        .Build();
}
