namespace CzPick.Pipeline.Configuration;

/// <summary>
/// The names of every setting the hosts read (docs/configuration.md), as <c>IConfiguration</c> keys (levels separated
/// by <c>:</c>; app settings and environment variables spell them with <c>__</c>, see
/// <see cref="PipelineOptions.EnvironmentName"/>). A connection name is a prefix: locally it holds a connection string,
/// in Azure its suffixed settings hold the endpoints and the managed identity. The Bicep in infra/ sets these; a test
/// compiles it and compares.
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

    /// <summary>The blob endpoint of a storage connection used with a managed identity: <c>{connection}__blobServiceUri</c>.</summary>
    public const string BlobServiceUriSuffix = "blobServiceUri";

    /// <summary>The queue endpoint of a storage connection used with a managed identity: <c>{connection}__queueServiceUri</c>.</summary>
    public const string QueueServiceUriSuffix = "queueServiceUri";

    /// <summary>The namespace of a Service Bus connection used with a managed identity: <c>{connection}__fullyQualifiedNamespace</c>.</summary>
    public const string FullyQualifiedNamespaceSuffix = "fullyQualifiedNamespace";

    /// <summary>The client id of the user-assigned managed identity of a connection: <c>{connection}__clientId</c>.</summary>
    public const string ClientIdSuffix = "clientId";

    /// <summary>The storage account of the Functions host's connection used with a managed identity: <c>AzureWebJobsStorage__accountName</c>.</summary>
    public const string AccountNameSuffix = "accountName";

    /// <summary>How a connection authenticates in Azure: <c>{connection}__credential</c> = <see cref="ManagedIdentityCredential"/>.</summary>
    public const string CredentialSuffix = "credential";

    /// <summary>The value of every <c>{connection}__credential</c> setting in Azure: use a managed identity.</summary>
    public const string ManagedIdentityCredential = "managedidentity";

    /// <summary>How long a Storage-queue work message stays invisible between lease renewals, in seconds.</summary>
    public const string WorkQueueLeaseSeconds = "CzPick:WorkQueue:LeaseSeconds";

    /// <summary>How long a run waits without any block finishing before it sends the missing blocks again, in seconds.</summary>
    public const string RunsBlockTimeoutSeconds = "CzPick:Runs:BlockTimeoutSeconds";

    /// <summary>How many times a block is sent in all before its run fails.</summary>
    public const string RunsMaxBlockAttempts = "CzPick:Runs:MaxBlockAttempts";

    /// <summary>The least number of blocks a tomogram is cut into.</summary>
    public const string RunsBlockCount = "CzPick:Runs:BlockCount";

    /// <summary>Whether a finished run also gets an HTML report, <c>picks/{run}/report.html</c>: <c>true</c> or <c>false</c>.</summary>
    public const string RunsReports = "CzPick:Runs:Reports";

    /// <summary>How many blocks one worker process picks at once.</summary>
    public const string WorkerConcurrency = "CzPick:Worker:Concurrency";

    /// <summary>After how many deliveries a failing block is dead-lettered and its run failed.</summary>
    public const string WorkerMaxDeliveries = "CzPick:Worker:MaxDeliveries";

    /// <summary>The folder where the worker keeps the model ensembles it downloaded.</summary>
    public const string WorkerModelCache = "CzPick:Worker:ModelCache";
}
