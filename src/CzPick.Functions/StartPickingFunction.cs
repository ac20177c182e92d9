using Azure.Storage.Blobs;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace CzPick.Functions;

/// <summary>
/// Starts a run for each tomogram that arrives in the <c>tomograms</c> container. The trigger's source is Event Grid
/// (the storage account's BlobCreated events, infra/modules/blob-events.bicep), so a new blob starts its run within
/// seconds and no container is scanned; it binds a <see cref="BlobClient"/>, a reference, so nothing is downloaded.
/// </summary>
/// <param name="starter">The run starter.</param>
public sealed class StartPickingFunction(RunStarter starter)
{
    /// <summary>Checks the blob's header and schedules its run, or records why it cannot be picked.</summary>
    /// <param name="blob">The new blob (not read).</param>
    /// <param name="name">The blob's name inside the container.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    /// <returns>A task that completes when the run is scheduled or the blob's fate is recorded.</returns>
    [Function("StartPicking")]
    public async Task StartPicking(
        [BlobTrigger(BlobLayout.Tomograms + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = SettingNames.Storage)] BlobClient blob,
        string name,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        await starter.StartAsync(client, name, cancellationToken);
}
