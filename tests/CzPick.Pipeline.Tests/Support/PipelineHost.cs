using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Tests.Local;
using Microsoft.Extensions.DependencyInjection;

namespace CzPick.Pipeline.Tests.Support;

/// <summary>
/// The pipeline's services as the hosts compose them (AddCzPickPipeline, AddCzPickActivities, AddCzPickWorker), on the test
/// collection's Azurite, with queues of their own so that tests sharing the emulator do not see each other's messages.
/// </summary>
sealed class PipelineHost : IAsyncDisposable
{
    PipelineHost(ServiceProvider services, string suffix)
    {
        this.Services = services;
        this.Suffix = suffix;
    }

    public ServiceProvider Services { get; }

    /// <summary>Gets a suffix unique to this host, for blob names that must not collide with other tests'.</summary>
    public string Suffix { get; }

    public PipelineOptions Options => this.Services.GetRequiredService<PipelineOptions>();

    public static async Task<PipelineHost> StartAsync(AzuriteFixture azurite, params (string Key, string Value)[] settings)
    {
        string suffix = Guid.NewGuid().ToString("N")[..12];
        (string, string)[] all =
        [
            (SettingNames.WorkQueueName, $"work-{suffix}"),
            (SettingNames.EventsQueueName, $"events-{suffix}"),
            .. settings,
        ];
        ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddCzPickPipeline(azurite.Configuration(all))
            .AddCzPickActivities()
            .AddCzPickWorker()
            .BuildServiceProvider();
        await services.GetRequiredService<PipelineStorage>().EnsureCreatedAsync();
        return new PipelineHost(services, suffix);
    }

    public T Get<T>()
        where T : notnull => this.Services.GetRequiredService<T>();

    public ValueTask DisposeAsync() => this.Services.DisposeAsync();

    /// <summary>Returns a run name no other test uses.</summary>
    public string Run(string stem) => $"{stem}_{this.Suffix}";

    /// <summary>Returns the tomograms blob of a run's MRC file.</summary>
    public BlobPath Tomogram(string run) => new(BlobLayout.Tomograms, $"{run}.mrc");
}
