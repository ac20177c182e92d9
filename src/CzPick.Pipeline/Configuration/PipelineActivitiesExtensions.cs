using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Orchestration;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Workers;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace CzPick.Pipeline.Configuration;

/// <summary>
/// Registers the orchestration's activities and the run services: with a Durable Task worker (czpick dev, tests)
/// through <see cref="AddPickTomogram"/>, and as services the Functions app's wrappers are built from.
/// </summary>
public static class PipelineActivitiesExtensions
{
    /// <summary>Adds the activities, the run starter and the reply handler as services.</summary>
    /// <param name="services">The services, with <see cref="PipelineServiceCollectionExtensions.AddCzPickPipeline"/> already added.</param>
    /// <returns>The original services, for call chaining.</returns>
    public static IServiceCollection AddCzPickActivities(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddTransient<PlanRun>();
        services.AddTransient<DispatchBlocks>();
        services.AddTransient<GatherPicks>();
        services.AddTransient<PublishCompletion>();
        services.AddSingleton<ReplyHandler>();
        services.AddSingleton<RunStarter>();
        return services;
    }

    /// <summary>
    /// Adds the block worker, its hosted loops and the model cache: what a worker host needs besides the pipeline's
    /// adapters and an <see cref="Ports.IEnsemblePickers"/>.
    /// </summary>
    /// <param name="services">The services, with <see cref="PipelineServiceCollectionExtensions.AddCzPickPipeline"/> already added.</param>
    /// <returns>The original services, for call chaining.</returns>
    public static IServiceCollection AddCzPickWorker(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<ModelCache>();
        services.AddSingleton<BlockWorker>();
        services.AddSingleton<BlockWorkerService>();
        services.AddHostedService(provider => provider.GetRequiredService<BlockWorkerService>());
        return services;
    }

    /// <summary>Registers the <c>PickTomogram</c> orchestrator and every activity it calls, under their pipeline names.</summary>
    /// <param name="registry">The Durable Task worker's registry.</param>
    /// <returns>The original registry, for call chaining.</returns>
    public static DurableTaskRegistry AddPickTomogram(this DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry
            .AddOrchestrator<PickTomogram>(PipelineTaskNames.PickTomogram)
            .AddActivity<PlanRun>(PipelineTaskNames.PlanRun)
            .AddActivity<DispatchBlocks>(PipelineTaskNames.DispatchBlocks)
            .AddActivity<GatherPicks>(PipelineTaskNames.GatherPicks)
            .AddActivity<PublishCompletion>(PipelineTaskNames.PublishCompletion);
    }
}
