using System.Diagnostics;
using Azure.Messaging;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Cli.Dev;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Volumes.Mrc;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Runtime;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Local;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only pipeline`: the serverless flow of <c>czpick dev</c> (a private Azurite, the Durable Task
/// Azure Storage backend, the blob watcher, the reply pump, block workers in process) picking a 184 × 630 × 630
/// tomogram with 1, 2 and 4 workers. For each it reports the time from the blob landing in <c>tomograms</c> to the
/// completion event, the sum of the workers' block times (read, predict, pick), and the orchestration overhead:
/// (end to end − block time per worker) / end to end, where block time per worker is the sum divided by the worker
/// count (the whole sum with one worker), i.e. the time the flow adds around perfectly shared block work. The model
/// is the e2e section's (a random tiny UNet beside intensity bands, window 96³), the blocks are 8.
/// </summary>
sealed class PipelineBench : IBenchSection
{
    static readonly Shape3 QuickShape = new(64, 128, 128);

    static readonly TimeSpan EventPoll = TimeSpan.FromMilliseconds(200);

    /// <inheritdoc/>
    public string Name => "pipeline";

    /// <inheritdoc/>
    public string Description => "the local serverless flow (czpick dev) on a 184×630×630 tomogram with 1, 2, 4 workers: orchestration overhead and speed-up";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        Shape3 shape = context.Quick ? QuickShape : SyntheticTomogram.RealShape;
        int blocks = context.Quick ? 4 : 8;
        int[] workerCounts = context.Quick ? [1, 2] : [1, 2, 4];
        string directory = Directory.CreateTempSubdirectory("czpick-bench-pipeline-").FullName;
        try
        {
            string tomogram = Path.Combine(directory, "TS_bench.mrc");
            string model;
            using (SyntheticTomogram synthetic = SyntheticTomogram.Create(shape, ParticleCatalog.Czii, perType: context.Quick ? 2 : 100, specks: context.Quick ? 20 : 3000, seed: 1))
            {
                await MrcWriter.WriteAsync(tomogram, synthetic, cancellationToken: cancellationToken);
                model = EndToEndBench.WriteBenchModel(Path.Combine(directory, "model"), synthetic.EstimateStatistics(), context.Quick);
            }

            EnsembleManifest manifest = EnsembleManifest.Load(model);
            await using AzuriteServer azurite = await AzuriteServer.StartAsync(
                AzuriteServer.FindLauncher(AppContext.BaseDirectory), AzuriteServer.FreePorts(), Path.Combine(directory, "azurite"), cancellationToken);
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SettingNames.Storage] = azurite.ConnectionString,
                [SettingNames.ModelsEnsemble] = manifest.Name,
                [SettingNames.RunsBlockCount] = blocks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                [SettingNames.RunsReports] = "false",
            }).Build();
            await using (ServiceProvider services = new ServiceCollection().AddLogging().AddCzPickPipeline(configuration).BuildServiceProvider())
            {
                await services.GetRequiredService<PipelineStorage>().EnsureCreatedAsync(cancellationToken);
                await DevModels.EnsureUploadedAsync(services.GetRequiredService<IBlobStore>(), manifest.Name, model, replace: true, cancellationToken);
            }

            context.Heading($"pipeline: czpick dev's flow on Azurite, a {shape} float32 tomogram ({4 * shape.VoxelCount / 1e6:F0} MB) in {blocks} blocks, workers in process on the CPU ({Environment.ProcessorCount} cores)");
            context.Report("model", $"{manifest.Name}: window {manifest.Window}, TTA {string.Join(", ", manifest.Tta.Select(p => p.Name()))}");

            // The Durable Task worker warns whenever its stream to the local server idles; that says nothing here.
            using ILoggerFactory loggers = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(console => console.SingleLine = true)
                .SetMinimumLevel(LogLevel.Warning)
                .AddFilter("Microsoft.DurableTask", LogLevel.Error));
            double? single = null;
            foreach (int workers in workerCounts)
            {
                Measurement measurement = await MeasureAsync(configuration, azurite.ConnectionString, tomogram, workers, loggers, cancellationToken);
                single ??= measurement.Seconds;
                double perWorker = measurement.BlockSeconds / workers;
                double overhead = (measurement.Seconds - perWorker) / measurement.Seconds;
                context.Report(
                    $"{workers} worker{(workers == 1 ? string.Empty : "s")}",
                    $"{measurement.Seconds:F1} s blob to event (upload {measurement.UploadSeconds:F1} s before it); blocks {measurement.BlockSeconds:F1} s summed, {perWorker:F1} s per worker; overhead {100 * overhead:F1} % (target < 10 %); speed-up {single.Value / measurement.Seconds:F2}×; {measurement.Picks} picks");
                context.Record($"pipeline_w{workers}_seconds", measurement.Seconds);
                context.Record($"pipeline_w{workers}_block_seconds", measurement.BlockSeconds);
                context.Record($"pipeline_w{workers}_overhead", overhead);
                context.Record($"pipeline_w{workers}_speedup", single.Value / measurement.Seconds);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Starts the flow with some workers, uploads the tomogram under a run name of its own, and waits for its event.</summary>
    static async Task<Measurement> MeasureAsync(IConfiguration configuration, string connection, string tomogram, int workers, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        string run = $"TS_bench_w{workers}";
        InferenceOptions inference = new() { Device = ExecutionDevice.Cpu, IntraOpThreads = workers > 1 ? 1 : 0 };
        QueueClient events = AzureConnections.Queues(configuration, SettingNames.Storage).GetQueueClient(PipelineOptions.FromConfiguration(configuration).EventsQueueName);
        await using DevPipeline pipeline = await DevPipeline.StartAsync(configuration, "czpickbench", workers, inference, loggers, cancellationToken);

        long uploading = Stopwatch.GetTimestamp();
        BlobClient blob = new BlobServiceClient(connection).GetBlobContainerClient(BlobLayout.Tomograms).GetBlobClient($"{run}.mrc");
        await blob.UploadAsync(tomogram, cancellationToken);
        long landed = Stopwatch.GetTimestamp();
        CloudEvent done = await WaitForEventAsync(events, run, cancellationToken);
        double seconds = Stopwatch.GetElapsedTime(landed).TotalSeconds;
        RunCompletion completion = CompletionEvents.ReadCompletion(done);
        if (done.Type != CompletionEvents.CompletedType || completion.Outputs is null)
        {
            throw new InvalidOperationException($"The bench run {run} failed: {completion.Error}");
        }

        BlobClient summaryBlob = new BlobServiceClient(connection).GetBlobContainerClient(BlobLayout.Picks).GetBlobClient($"{run}/summary.json");
        using Stream summaryStream = (await summaryBlob.DownloadContentAsync(cancellationToken)).Value.Content.ToStream();
        RunSummary summary = RunSummaryJson.Read(summaryStream, summaryBlob.Uri.ToString());
        return new Measurement(Stopwatch.GetElapsedTime(uploading, landed).TotalSeconds, seconds, summary.TimingsSeconds["blocks"], completion.Outputs.PickCount);
    }

    static async Task<CloudEvent> WaitForEventAsync(QueueClient events, string run, CancellationToken cancellationToken)
    {
        while (true)
        {
            QueueMessage[] messages = await events.ReceiveMessagesAsync(32, cancellationToken: cancellationToken);
            foreach (QueueMessage message in messages)
            {
                await events.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                if (CloudEvent.Parse(message.Body) is CloudEvent parsed && parsed.Subject == run)
                {
                    return parsed;
                }
            }

            await Task.Delay(EventPoll, cancellationToken);
        }
    }

    sealed record Measurement(double UploadSeconds, double Seconds, double BlockSeconds, int Picks);
}
