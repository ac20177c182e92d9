using CzPick.Inference.Runtime;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Ports;
using CzPick.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Dev;

/// <summary>
/// The whole serverless flow in one process, without the Functions host: the Durable Task engine on the Azure
/// Storage backend (<see cref="LocalTaskHub"/>) running the very orchestrator and activities the Functions app
/// registers, a <see cref="BlobWatcher"/> in place of the blob trigger, a <see cref="ReplyPump"/> in place of the
/// queue trigger, and block workers on the Storage work queue (the GPU container's <see cref="EnsemblePickers"/>
/// and block loops). Its state is in storage: a pipeline started again on the same storage resumes the runs.
/// </summary>
sealed class DevPipeline : IAsyncDisposable
{
    readonly LocalTaskHub hub;

    DevPipeline(LocalTaskHub hub)
    {
        this.hub = hub;
    }

    /// <summary>Gets the Durable Task client of the pipeline's hub.</summary>
    public DurableTaskClient Client => this.hub.Client;

    /// <summary>Gets the pipeline's services.</summary>
    public IServiceProvider Services => this.hub.Services;

    /// <summary>Creates the containers and queues when missing, then starts everything.</summary>
    /// <param name="configuration">The pipeline's settings; its storage connection also holds the task hub.</param>
    /// <param name="hubName">The task hub, host.json's <c>czpick</c> by default.</param>
    /// <param name="workers">Block loops in this process; 0 leaves the blocks to separate worker processes.</param>
    /// <param name="inference">The workers' device and threads.</param>
    /// <param name="loggerFactory">Where everything logs.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running pipeline.</returns>
    public static async Task<DevPipeline> StartAsync(
        IConfiguration configuration, string hubName, int workers, InferenceOptions inference, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workers);
        IConfiguration settings = new ConfigurationBuilder()
            .AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.WorkerConcurrency] = Math.Max(1, workers).ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        string storage = settings[SettingNames.Storage]
            ?? throw new InvalidOperationException($"Setting '{SettingNames.Storage}' is missing: czpick dev needs a connection string of the storage (Azurite).");
        LocalTaskHub hub = await LocalTaskHub.StartAsync(
            storage,
            hubName,
            registry => registry.AddPickTomogram(),
            services =>
            {
                services.AddCzPickPipeline(settings).AddCzPickActivities();
                if (workers > 0)
                {
                    services.AddCzPickWorker();
                    services.AddSingleton(inference);
                    services.AddSingleton<IEnsemblePickers, EnsemblePickers>();
                }

                services.AddHostedService<BlobWatcher>();
                services.AddHostedService<ReplyPump>();
            },
            loggerFactory,
            cancellationToken);
        return new DevPipeline(hub);
    }

    /// <summary>Stops the watcher, the pump and the workers (finishing or giving back their blocks), then the hub.</summary>
    /// <returns>A task that completes when everything has stopped.</returns>
    public ValueTask DisposeAsync() => this.hub.DisposeAsync();
}
