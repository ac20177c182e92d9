using CzPick.Pipeline.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Workers;

/// <summary>
/// Runs <see cref="PipelineOptions.WorkerConcurrency"/> <see cref="BlockWorker"/> loops for as long as its host runs.
/// Stopping is graceful: no new block is taken, the blocks in progress finish while the host's shutdown timeout
/// allows (the Container Apps grace period, less a margin), and whatever is still running then is given back.
/// </summary>
/// <param name="worker">The block worker the loops share.</param>
/// <param name="options">The concurrency.</param>
/// <param name="logger">Where starts and stops are logged.</param>
public sealed partial class BlockWorkerService(BlockWorker worker, PipelineOptions options, ILogger<BlockWorkerService> logger) : IHostedService, IDisposable
{
    readonly CancellationTokenSource stopTaking = new();
    readonly CancellationTokenSource abandon = new();
    Task[] loops = [];

    /// <summary>Gets a value indicating whether every loop is running: the worker's liveness.</summary>
    public bool IsRunning => this.loops.Length > 0 && !this.stopTaking.IsCancellationRequested && this.loops.All(loop => !loop.IsCompleted);

    /// <summary>Gets the number of loops, the blocks this process picks at once.</summary>
    public int Concurrency => options.WorkerConcurrency;

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        this.loops = [.. Enumerable.Range(0, options.WorkerConcurrency).Select(_ => Task.Run(() => worker.RunAsync(this.stopTaking.Token, this.abandon.Token), CancellationToken.None))];
        this.LogStarted(options.WorkerConcurrency, options.WorkQueueTransport, options.WorkQueueName);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await this.stopTaking.CancelAsync().ConfigureAwait(false);
        using (cancellationToken.Register(this.abandon.Cancel))
        {
            await Task.WhenAll(this.loops).ConfigureAwait(false);
        }

        this.LogStopped();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        this.stopTaking.Dispose();
        this.abandon.Dispose();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Picking up to {Concurrency} blocks at once from the {Transport} queue {Queue}")]
    partial void LogStarted(int concurrency, string transport, string queue);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Stopped taking blocks; every block in progress is finished or given back")]
    partial void LogStopped();
}
