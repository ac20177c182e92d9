using CzPick.Pipeline.Configuration;

namespace CzPick.Infrastructure.Tests;

/// <summary>
/// The settings the code reads (<see cref="SettingNames"/>), spelled as app settings and environment variables spell
/// them: levels joined by <c>__</c>, a connection's managed-identity settings as <c>{connection}__{suffix}</c>.
/// </summary>
static class AppSettingNames
{
    public static readonly string WebJobsStorageAccountName = Of(SettingNames.AzureWebJobsStorage, SettingNames.AccountNameSuffix);
    public static readonly string WebJobsStorageCredential = Of(SettingNames.AzureWebJobsStorage, SettingNames.CredentialSuffix);
    public static readonly string WebJobsStorageClientId = Of(SettingNames.AzureWebJobsStorage, SettingNames.ClientIdSuffix);
    public static readonly string StorageBlobServiceUri = Of(SettingNames.Storage, SettingNames.BlobServiceUriSuffix);
    public static readonly string StorageQueueServiceUri = Of(SettingNames.Storage, SettingNames.QueueServiceUriSuffix);
    public static readonly string StorageCredential = Of(SettingNames.Storage, SettingNames.CredentialSuffix);
    public static readonly string StorageClientId = Of(SettingNames.Storage, SettingNames.ClientIdSuffix);
    public static readonly string ServiceBusFullyQualifiedNamespace = Of(SettingNames.ServiceBus, SettingNames.FullyQualifiedNamespaceSuffix);
    public static readonly string ServiceBusCredential = Of(SettingNames.ServiceBus, SettingNames.CredentialSuffix);
    public static readonly string ServiceBusClientId = Of(SettingNames.ServiceBus, SettingNames.ClientIdSuffix);
    public static readonly string WorkQueueTransport = PipelineOptions.EnvironmentName(SettingNames.WorkQueueTransport);
    public static readonly string WorkQueueName = PipelineOptions.EnvironmentName(SettingNames.WorkQueueName);
    public static readonly string EventsTransport = PipelineOptions.EnvironmentName(SettingNames.EventsTransport);
    public static readonly string EventsTopicEndpoint = PipelineOptions.EnvironmentName(SettingNames.EventsTopicEndpoint);
    public static readonly string ModelsEnsemble = PipelineOptions.EnvironmentName(SettingNames.ModelsEnsemble);

    /// <summary>Gets what the Function App must set in Azure: its three connections' identity settings and the options without defaults.</summary>
    public static string[] FunctionApp =>
    [
        WebJobsStorageAccountName, WebJobsStorageCredential, WebJobsStorageClientId,
        StorageBlobServiceUri, StorageQueueServiceUri, StorageCredential, StorageClientId,
        ServiceBusFullyQualifiedNamespace, ServiceBusCredential, ServiceBusClientId,
        WorkQueueTransport, WorkQueueName, EventsTransport, EventsTopicEndpoint, ModelsEnsemble,
    ];

    static string Of(string connection, string suffix) => $"{connection}__{suffix}";
}
