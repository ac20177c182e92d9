using CzPick.Inference.Runtime;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Workers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CzPick.Worker;

/// <summary>
/// The worker process: the pipeline's adapters chosen by configuration (the same <c>CzPick__…</c> settings as the
/// Functions app), <see cref="PipelineOptions.WorkerConcurrency"/> block loops, and <c>GET /healthz</c> on
/// <c>ASPNETCORE_HTTP_PORTS</c> (8080 in the image) for the container's probes.
/// </summary>
public static class WorkerHost
{
    /// <summary>The health endpoint's path.</summary>
    public const string HealthPath = "/healthz";

    /// <summary>
    /// How long a stopping worker may spend finishing its blocks before it gives them back: within the container's
    /// termination grace period (infra/modules/worker.bicep, 300 s), with a margin for settling.
    /// </summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(240);

    /// <summary>Builds the worker process.</summary>
    /// <param name="args">The command line; settings may be given as <c>--CzPick:Worker:Concurrency=2</c>.</param>
    /// <returns>The application, ready to run.</returns>
    /// <exception cref="InvalidOperationException">A setting is missing or invalid; the message names it.</exception>
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.Services.AddCzPickPipeline(builder.Configuration).AddCzPickWorker();
        builder.Services.AddSingleton(new InferenceOptions());
        builder.Services.AddSingleton<IEnsemblePickers, EnsemblePickers>();

        WebApplication app = builder.Build();

        // Make the clients now, so a missing or malformed connection fails the start with its name, before any block.
        _ = app.Services.GetRequiredService<IWorkQueue>();
        _ = app.Services.GetRequiredService<IReplyQueue>();
        _ = app.Services.GetRequiredService<IBlobStore>();
        app.MapGet(HealthPath, (BlockWorkerService workers) => workers.IsRunning
            ? Results.Json(new WorkerHealth("running", workers.Concurrency))
            : Results.Json(new WorkerHealth("stopped", workers.Concurrency), statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}

/// <summary>What <c>GET /healthz</c> answers.</summary>
/// <param name="Status">"running" while every block loop runs (200), else "stopped" (503).</param>
/// <param name="Concurrency">The blocks this process picks at once.</param>
public sealed record WorkerHealth(string Status, int Concurrency);
