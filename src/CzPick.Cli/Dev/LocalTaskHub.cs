using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Dev;

/// <summary>
/// The Durable Task engine of <c>czpick dev</c>, without the Functions host: the Azure Storage backend (the one
/// Durable Functions uses by default) on Azurite, served over gRPC by <see cref="TaskHubGrpcServer"/> on a
/// loopback port, with one Durable Task worker and client connected to it. Its state lives in storage, so a run
/// interrupted by a crash resumes when a new hub starts on the same storage.
/// </summary>
sealed class LocalTaskHub : IAsyncDisposable
{
    readonly WebApplication server;
    readonly IHost worker;
    readonly GrpcChannel channel;

    LocalTaskHub(WebApplication server, IHost worker, GrpcChannel channel)
    {
        this.server = server;
        this.worker = worker;
        this.channel = channel;
    }

    /// <summary>Gets the client of the hub.</summary>
    public DurableTaskClient Client => this.worker.Services.GetRequiredService<DurableTaskClient>();

    /// <summary>Gets the worker host's services (the activities' dependencies).</summary>
    public IServiceProvider Services => this.worker.Services;

    /// <summary>
    /// Creates the hub's queues, tables and containers when missing, then starts the gRPC server and the worker.
    /// </summary>
    /// <param name="storageConnectionString">The storage account of the hub (Azurite).</param>
    /// <param name="hubName">The task hub's name (the Functions app's host.json hub, <c>czpick</c>).</param>
    /// <param name="registerTasks">Registers the orchestrators and activities.</param>
    /// <param name="configureServices">Adds the activities' dependencies to the worker's services.</param>
    /// <param name="loggerFactory">Where the backend and the worker log.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running hub.</returns>
    public static async Task<LocalTaskHub> StartAsync(
        string storageConnectionString,
        string hubName,
        Action<DurableTaskRegistry> registerTasks,
        Action<IServiceCollection> configureServices,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default)
    {
        AzureStorageOrchestrationService service = new(BackendSettings(storageConnectionString, hubName, loggerFactory));
        await service.CreateIfNotExistsAsync().ConfigureAwait(false);

        int port = FreePort();
        WebApplicationBuilder serverBuilder = WebApplication.CreateSlimBuilder();
        serverBuilder.Logging.ClearProviders();
        serverBuilder.Services.AddSingleton(loggerFactory);
        serverBuilder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http2));
        serverBuilder.Services.AddGrpc();
        serverBuilder.Services.AddSingleton<IOrchestrationService>(service);
        serverBuilder.Services.AddSingleton<IOrchestrationServiceClient>(service);
        serverBuilder.Services.AddSingleton<TaskHubGrpcServer>();
        WebApplication server = serverBuilder.Build();
        server.MapGrpcService<TaskHubGrpcServer>();
        await server.StartAsync(cancellationToken).ConfigureAwait(false);

        GrpcChannel channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        IHost worker = Host.CreateDefaultBuilder()
            .ConfigureLogging(logging => logging.ClearProviders().Services.AddSingleton(loggerFactory))
            .ConfigureServices(services =>
            {
                configureServices(services);

                // The server serves exactly one worker stream: this is it.
                services.AddDurableTaskWorker(builder => builder.UseGrpc(channel).AddTasks(registerTasks));
                services.AddDurableTaskClient(builder => builder.UseGrpc(channel).RegisterDirectly());
            })
            .Build();
        await worker.StartAsync(cancellationToken).ConfigureAwait(false);
        return new LocalTaskHub(server, worker, channel);
    }

    /// <summary>Stops the worker, then the server; runs in flight stay in storage and resume on the next start.</summary>
    /// <returns>A task that completes when both have stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        await this.worker.StopAsync().ConfigureAwait(false);
        this.worker.Dispose();
        await this.channel.ShutdownAsync().ConfigureAwait(false);
        this.channel.Dispose();
        await this.server.StopAsync().ConfigureAwait(false);
        await this.server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// The backend's settings for one machine: one partition, and leases and visibility timeouts of seconds instead
    /// of minutes, so that after a crash the next start takes the work back within seconds.
    /// </summary>
    static AzureStorageOrchestrationServiceSettings BackendSettings(string connectionString, string hubName, ILoggerFactory loggerFactory) => new()
    {
        TaskHubName = hubName,
        StorageAccountClientProvider = new StorageAccountClientProvider(connectionString),
        LoggerFactory = loggerFactory,
        PartitionCount = 1,
        WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        LeaseInterval = TimeSpan.FromSeconds(8),
        LeaseRenewInterval = TimeSpan.FromSeconds(3),
        LeaseAcquireInterval = TimeSpan.FromSeconds(2),
        MaxQueuePollingInterval = TimeSpan.FromSeconds(1),
        MaxConcurrentTaskActivityWorkItems = 32,
        MaxConcurrentTaskOrchestrationWorkItems = 32,
    };

    static int FreePort()
    {
        TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
