namespace CzPick.Pipeline.Configuration;

/// <summary>
/// The names of every setting the hosts read (docs/configuration.md). The Bicep in infra/ sets exactly these; a
/// test compiles it and compares.
/// </summary>
public static class SettingNames
{
    /// <summary>The Functions runtime's own storage (and the Durable Task hub's); a connection prefix.</summary>
    public const string AzureWebJobsStorage = "AzureWebJobsStorage";

    /// <summary>The data storage account (tomograms, models, work, picks, queues); a connection prefix.</summary>
    public const string Storage = "CzPickStorage";

    /// <summary>The Service Bus namespace of the work queue; a connection prefix.</summary>
    public const string ServiceBus = "CzPickServiceBus";

    /// <summary>The work queue's transport: <c>ServiceBus</c> or <c>StorageQueue</c>.</summary>
    public const string WorkQueueTransport = "CzPick:WorkQueue:Transport";

    /// <summary>The work queue's name.</summary>
    public const string WorkQueueName = "CzPick:WorkQueue:Name";

    /// <summary>The completion events' transport: <c>EventGrid</c> or <c>StorageQueue</c>.</summary>
    public const string EventsTransport = "CzPick:Events:Transport";

    /// <summary>The Event Grid topic endpoint of completion events.</summary>
    public const string EventsTopicEndpoint = "CzPick:Events:TopicEndpoint";

    /// <summary>The Storage queue of completion events.</summary>
    public const string EventsQueueName = "CzPick:Events:QueueName";

    /// <summary>The model ensemble's folder under the <c>models</c> container.</summary>
    public const string ModelsEnsemble = "CzPick:Models:Ensemble";
}
