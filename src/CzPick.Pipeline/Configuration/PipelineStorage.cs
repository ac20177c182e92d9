using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Configuration;

/// <summary>
/// Creates the containers and queues the pipeline uses when they are missing: on Azurite every host does this at
/// start; in Azure infra/ creates them and this finds them there.
/// </summary>
/// <param name="blobs">The data account's blob service.</param>
/// <param name="queues">The data account's queue service.</param>
/// <param name="options">The options, which name the queues in use.</param>
public sealed class PipelineStorage(BlobServiceClient blobs, QueueServiceClient queues, PipelineOptions options)
{
    /// <summary>Gets the Storage queues in use with these options.</summary>
    public IReadOnlyList<string> Queues
    {
        get
        {
            List<string> names = [QueueNames.BlockResults, QueueNames.Poison(QueueNames.BlockResults)];
            if (options.WorkQueueTransport == PipelineOptions.StorageQueueTransport)
            {
                names.Add(options.WorkQueueName);
                names.Add(QueueNames.Poison(options.WorkQueueName));
            }

            if (options.EventsTransport == PipelineOptions.StorageQueueTransport)
            {
                names.Add(options.EventsQueueName);
            }

            return names;
        }
    }

    /// <summary>Creates every missing container and queue.</summary>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task that completes when all exist.</returns>
    /// <exception cref="RequestFailedException">The account refused (e.g. the identity may not create them).</exception>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        IEnumerable<Task> containers = BlobLayout.Containers.Select(name => blobs.GetBlobContainerClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        IEnumerable<Task> queueTasks = this.Queues.Select(name => queues.GetQueueClient(name).CreateIfNotExistsAsync(cancellationToken: cancellationToken));
        await Task.WhenAll(containers.Concat(queueTasks)).ConfigureAwait(false);
    }
}
