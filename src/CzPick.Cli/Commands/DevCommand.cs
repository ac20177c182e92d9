using System.CommandLine;
using CzPick.Cli.Dev;
using CzPick.Inference.Runtime;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Local;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Commands;

/// <summary>
/// `czpick dev`: the serverless flow on this machine until Ctrl+C: Azurite (started unless one listens), the durable
/// orchestration on the Azure Storage backend, a blob watcher in place of the trigger, a reply pump, and workers.
/// </summary>
static class DevCommand
{
    public static Command Create()
    {
        Option<int> workers = new("--workers") { Description = "Block workers in this process; 0 to leave blocks to separate worker processes.", DefaultValueFactory = _ => 1 };
        Option<int> threads = new("--worker-threads") { Description = "CPU threads per network run; 0 for all cores with one worker, one each with several.", DefaultValueFactory = _ => 0 };
        Option<string?> storage = new("--storage") { Description = "The storage connection string; default: $CzPickStorage, else Azurite on its default ports (started when none listens)." };
        Option<string> data = new("--data") { Description = "Where a started Azurite keeps its data; runs resume from it after a restart.", DefaultValueFactory = _ => ".czpick-dev.azurite" };
        Option<string?> model = new("--model") { Description = "A model folder (ensemble.json and its .onnx members) to upload as the ensemble; by default the shipped sample model, uploaded when storage has none." };
        Option<string?> ensemble = new("--ensemble") { Description = "The ensemble runs use ($CzPick__Models__Ensemble, default sample)." };
        Option<string> hub = new("--hub") { Description = "The Durable Task hub (host.json's is czpick).", DefaultValueFactory = _ => "czpick" };
        Command command = new("dev", "Run the serverless pipeline locally on Azurite until Ctrl+C: upload tomograms with czpick upload, read completion events with czpick events.")
        {
            workers, threads, storage, data, model, ensemble, hub,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            int workerCount = parse.GetValue(workers);
            if (workerCount < 0 || parse.GetValue(threads) < 0)
            {
                throw new UserErrorException("--workers and --worker-threads must not be negative.");
            }

            TextWriter console = parse.InvocationConfiguration.Output;
            IConfiguration configuration = Configure(parse.GetValue(storage), parse.GetValue(ensemble));
            await using AzuriteServer? azurite = configuration[SettingNames.Storage] == DevConfiguration.DevelopmentStorage
                ? await DevAzurite.EnsureAsync(parse.GetValue(data)!, console, cancellationToken)
                : null;
            PipelineOptions options = PipelineOptions.FromConfiguration(configuration);
            await using (ServiceProvider services = new ServiceCollection().AddLogging().AddCzPickPipeline(configuration).BuildServiceProvider())
            {
                await services.GetRequiredService<PipelineStorage>().EnsureCreatedAsync(cancellationToken);
                string? folder = parse.GetValue(model) ?? DefaultModel(options.Ensemble);
                console.WriteLine(await DevModels.EnsureUploadedAsync(services.GetRequiredService<IBlobStore>(), options.Ensemble, folder, replace: parse.GetValue(model) is not null, cancellationToken));
            }

            using ILoggerFactory loggers = CreateLoggers();
            InferenceOptions inference = new() { IntraOpThreads = parse.GetValue(threads) is > 0 and int given ? given : workerCount > 1 ? 1 : 0 };
            await using (DevPipeline pipeline = await DevPipeline.StartAsync(configuration, parse.GetValue(hub)!, workerCount, inference, loggers, cancellationToken))
            {
                console.WriteLine($"czpick dev: task hub '{parse.GetValue(hub)}', {workerCount} worker{(workerCount == 1 ? string.Empty : "s")}, ensemble '{options.Ensemble}'. Ctrl+C stops.");
                console.WriteLine("Upload tomograms with `czpick upload FILE…`; read completion events with `czpick events --wait 600`.");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    console.WriteLine("czpick dev: stopping; runs in flight resume at the next start.");
                }
            }

            return 0;
        });
        return command;
    }

    static IConfiguration Configure(string? storage, string? ensemble)
    {
        IConfiguration environment = DevConfiguration.Build(storage);
        return ensemble is null
            ? environment
            : new ConfigurationBuilder().AddConfiguration(environment).AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.ModelsEnsemble] = ensemble }).Build();
    }

    /// <summary>The model folder shipped next to the executable under the ensemble's name, when there is one.</summary>
    static string? DefaultModel(string ensemble)
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "models", ensemble);
        return Directory.Exists(folder) ? folder : null;
    }

    static ILoggerFactory CreateLoggers() => LoggerFactory.Create(logging => logging
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .SetMinimumLevel(LogLevel.Information)
        .AddFilter("DurableTask", LogLevel.Warning)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("Grpc", LogLevel.Warning));
}
