using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Dev;

/// <summary>
/// <c>czpick dev</c>'s stand-in for the Functions blob trigger: lists the <c>tomograms</c> container every second
/// and hands each new blob version to the same <see cref="RunStarter"/> the <c>StartPicking</c> function calls. A
/// version is handled once per process; after a restart every blob is seen again, and the starter's deterministic
/// instance ids make those duplicates of the runs that exist.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="starter">The run starter.</param>
/// <param name="client">The Durable Task client.</param>
/// <param name="logger">Where failed scans are reported.</param>
sealed partial class BlobWatcher(IBlobStore blobs, RunStarter starter, DurableTaskClient client, ILogger<BlobWatcher> logger) : BackgroundService
{
    static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The ETag handled last for each blob name.</summary>
    readonly Dictionary<string, string> handled = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using PeriodicTimer timer = new(Interval);
        try
        {
            do
            {
                try
                {
                    await this.ScanAsync(stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    // The blob not yet handled is retried on the next scan.
                    this.LogScanFailed(error);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    async Task ScanAsync(CancellationToken cancellationToken)
    {
        await foreach (StoredBlob blob in blobs.ListAsync(BlobLayout.Tomograms, cancellationToken: cancellationToken))
        {
            string name = blob.Path.Name;
            if (TomogramUpload.FromBlob(name) is null || (this.handled.TryGetValue(name, out string? etag) && etag == blob.ETag))
            {
                continue;
            }

            await starter.StartAsync(client, name, cancellationToken);
            this.handled[name] = blob.ETag;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Scanning the tomograms container failed; trying again in a second")]
    partial void LogScanFailed(Exception error);
}
