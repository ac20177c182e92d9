namespace CzPick.Pipeline.Configuration;

/// <summary>
/// The names of the settings that the Functions app, the worker and <c>czpick dev</c> read, as app settings and
/// environment variables spell them (docs/configuration.md). infra/main.bicep sets them, and a test proves that it
/// sets exactly these.
/// </summary>
/// <remarks>
/// <para>Levels are separated by <c>__</c>; <c>IConfiguration</c> sees the same keys with <c>:</c> in its place
/// (<c>CzPick:WorkQueue:Transport</c>).</para>
/// <para>A connection name is a prefix: locally the bare name holds a connection string
/// (<c>UseDevelopmentStorage=true</c>); in Azure the suffixed names hold the endpoints and the managed identity.</para>
/// </remarks>
public static class SettingNames
{
    /// <summary>The value of every <c>{connection}__credential</c> setting in Azure: use a managed identity.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>The connection of the Functions host's own storage (triggers, Durable Functions' task hub).</summary>
    public const string WebJobsStorageConnection = "AzureWebJobsStorage";

    /// <summary>The storage account name of the host's storage, in Azure.</summary>
    public const string WebJobsStorageAccountName = WebJobsStorageConnection + "__accountName";

    /// <summary>The credential of the host's storage: <see cref="ManagedIdentityCredential"/>.</summary>
    public const string WebJobsStorageCredential = WebJobsStorageConnection + "__credential";

    /// <summary>The client id of the user-assigned identity for the host's storage.</summary>
    public const string WebJobsStorageClientId = WebJobsStorageConnection + "__clientId";

    /// <summary>The connection of the flow's storage: the tomograms, models, work and picks containers and the queues.</summary>
    public const string StorageConnection = "CzPickStorage";

    /// <summary>The blob endpoint of the flow's storage, in Azure.</summary>
    public const string StorageBlobServiceUri = StorageConnection + "__blobServiceUri";

    /// <summary>The queue endpoint of the flow's storage, in Azure.</summary>
    public const string StorageQueueServiceUri = StorageConnection + "__queueServiceUri";

    /// <summary>The credential of the flow's storage: <see cref="ManagedIdentityCredential"/>.</summary>
    public const string StorageCredential = StorageConnection + "__credential";

    /// <summary>The client id of the user-assigned identity for the flow's storage.</summary>
    public const string StorageClientId = StorageConnection + "__clientId";

    /// <summary>The connection of the Service Bus work queue, when the transport is <c>ServiceBus</c>.</summary>
    public const string ServiceBusConnection = "CzPickServiceBus";

    /// <summary>The fully qualified Service Bus namespace (<c>{name}.servicebus.windows.net</c>), in Azure.</summary>
    public const string ServiceBusFullyQualifiedNamespace = ServiceBusConnection + "__fullyQualifiedNamespace";

    /// <summary>The credential of Service Bus: <see cref="ManagedIdentityCredential"/>.</summary>
    public const string ServiceBusCredential = ServiceBusConnection + "__credential";

    /// <summary>The client id of the user-assigned identity for Service Bus.</summary>
    public const string ServiceBusClientId = ServiceBusConnection + "__clientId";

    /// <summary>The transport of the work queue: <c>ServiceBus</c> or <c>StorageQueue</c> (the default).</summary>
    public const string WorkQueueTransport = "CzPick__WorkQueue__Transport";

    /// <summary>The name of the work queue (default <c>picking-blocks</c>).</summary>
    public const string WorkQueueName = "CzPick__WorkQueue__Name";

    /// <summary>The transport of completion events: <c>EventGrid</c> or <c>StorageQueue</c> (the default).</summary>
    public const string EventsTransport = "CzPick__Events__Transport";

    /// <summary>The endpoint of the Event Grid topic, when the events transport is <c>EventGrid</c>.</summary>
    public const string EventsTopicEndpoint = "CzPick__Events__TopicEndpoint";

    /// <summary>The Storage queue of completion events (default <c>picking-events</c>), when the transport is <c>StorageQueue</c>.</summary>
    public const string EventsQueueName = "CzPick__Events__QueueName";

    /// <summary>The ensemble folder under the models container (default <c>sample</c>).</summary>
    public const string ModelsEnsemble = "CzPick__Models__Ensemble";
}
