using Azure.Messaging.EventGrid;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CzPick.Pipeline.Adapters.EventGrid;
using CzPick.Pipeline.Adapters.ServiceBus;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Configuration;

/// <summary>Registers the pipeline's options, Azure clients and adapters, chosen by configuration.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the options, the data account's clients, the blob store, the work queue (Service Bus or Storage queue),
    /// the reply queue and the event sink (Event Grid or Storage queue).
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration, read through <see cref="SettingNames"/>.</param>
    /// <returns>The original services, for call chaining.</returns>
    public static IServiceCollection AddCzPickPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        PipelineOptions options = PipelineOptions.FromConfiguration(configuration);
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(_ => AzureConnections.Blobs(configuration, SettingNames.Storage));
        services.AddSingleton(_ => AzureConnections.Queues(configuration, SettingNames.Storage));
        services.AddSingleton<PipelineStorage>();
        services.AddSingleton<IBlobStore>(provider => new AzureBlobStore(provider.GetRequiredService<BlobServiceClient>()));
        services.AddSingleton<IReplyQueue>(provider => new StorageReplyQueue(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(QueueNames.BlockResults)));
        services.AddSingleton<IEventSink>(provider => options.EventsTransport == PipelineOptions.EventGridTransport
            ? new EventGridEventSink(new EventGridPublisherClient(options.EventsTopicEndpoint, AzureConnections.Credential(configuration, SettingNames.Storage)))
            : new StorageQueueEventSink(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(options.EventsQueueName)));
        services.AddSingleton<IWorkQueue>(provider => options.WorkQueueTransport == PipelineOptions.ServiceBusTransport
            ? new ServiceBusWorkQueue(
                AzureConnections.ServiceBus(configuration, SettingNames.ServiceBus),
                options.WorkQueueName,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILogger<ServiceBusWorkQueue>>())
            : CreateStorageWorkQueue(provider, options));
        return services;
    }

    static StorageWorkQueue CreateStorageWorkQueue(IServiceProvider provider, PipelineOptions options)
    {
        QueueServiceClient queues = provider.GetRequiredService<QueueServiceClient>();
        return new StorageWorkQueue(
            queues.GetQueueClient(options.WorkQueueName),
            queues.GetQueueClient(QueueNames.Poison(options.WorkQueueName)),
            options.WorkQueueLease,
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<StorageWorkQueue>>());
    }
}
