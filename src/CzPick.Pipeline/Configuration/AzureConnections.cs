using Azure.Core;
using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace CzPick.Pipeline.Configuration;

/// <summary>
/// Creates Azure clients from a connection prefix the way the Functions runtime reads it: the prefix itself as a
/// connection string (locally), else its <c>__blobServiceUri</c> / <c>__queueServiceUri</c> /
/// <c>__fullyQualifiedNamespace</c> endpoint with <see cref="DefaultAzureCredential"/> (in Azure, a managed identity).
/// </summary>
public static class AzureConnections
{
    /// <summary>Creates the blob service client of a storage connection.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="connection">The connection prefix, e.g. <see cref="SettingNames.Storage"/>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">Neither form of the connection is set; the message names both.</exception>
    public static BlobServiceClient Blobs(IConfiguration configuration, string connection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? connectionString = configuration[connection];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return new BlobServiceClient(connectionString);
        }

        return new BlobServiceClient(Endpoint(configuration, connection, SettingNames.BlobServiceUriSuffix), Credential(configuration, connection));
    }

    /// <summary>Creates the queue service client of a storage connection, with Base64 messages.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="connection">The connection prefix.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">Neither form of the connection is set.</exception>
    public static QueueServiceClient Queues(IConfiguration configuration, string connection)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Base64, because the Functions queue trigger decodes Base64 by default (host.json's messageEncoding).
        QueueClientOptions options = new() { MessageEncoding = QueueMessageEncoding.Base64 };
        string? connectionString = configuration[connection];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return new QueueServiceClient(connectionString, options);
        }

        return new QueueServiceClient(Endpoint(configuration, connection, SettingNames.QueueServiceUriSuffix), Credential(configuration, connection), options);
    }

    /// <summary>Creates the client of a Service Bus connection.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="connection">The connection prefix, e.g. <see cref="SettingNames.ServiceBus"/>.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">Neither form of the connection is set.</exception>
    public static ServiceBusClient ServiceBus(IConfiguration configuration, string connection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? connectionString = configuration[connection];
        if (!string.IsNullOrEmpty(connectionString))
        {
            return new ServiceBusClient(connectionString);
        }

        string key = $"{connection}:{SettingNames.FullyQualifiedNamespaceSuffix}";
        string? fullyQualifiedNamespace = configuration[key];
        return string.IsNullOrEmpty(fullyQualifiedNamespace)
            ? throw Missing(connection, key)
            : new ServiceBusClient(fullyQualifiedNamespace, Credential(configuration, connection));
    }

    /// <summary>Returns the credential of a connection: the managed identity named by its client id, else the default chain.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <param name="connection">The connection prefix.</param>
    /// <returns>The credential.</returns>
    public static TokenCredential Credential(IConfiguration configuration, string connection)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? clientId = configuration[$"{connection}:{SettingNames.ClientIdSuffix}"];
        return new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = string.IsNullOrEmpty(clientId) ? null : clientId });
    }

    static Uri Endpoint(IConfiguration configuration, string connection, string suffix)
    {
        string key = $"{connection}:{suffix}";
        string? value = configuration[key];
        if (string.IsNullOrEmpty(value))
        {
            throw Missing(connection, key);
        }

        return Uri.TryCreate(value, UriKind.Absolute, out Uri? endpoint)
            ? endpoint
            : throw new InvalidOperationException($"Setting '{PipelineOptions.EnvironmentName(key)}' is '{value}'; expected an absolute https URI.");
    }

    static InvalidOperationException Missing(string connection, string endpointKey) => new(
        $"Connection '{connection}' is not configured: set '{connection}' to a connection string (locally " +
        $"'UseDevelopmentStorage=true' for Azurite), or '{PipelineOptions.EnvironmentName(endpointKey)}' to use a managed identity.");
}
