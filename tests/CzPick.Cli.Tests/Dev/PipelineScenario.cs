using Azure.Messaging;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Phantoms;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.UNet;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Local;

namespace CzPick.Cli.Tests.Dev;

/// <summary>
/// One end-to-end scenario of the local pipeline, on an Azurite of its own (the blob watcher of <c>czpick dev</c>
/// starts a run for every tomogram in the container, so scenarios must not share one): a phantom's label map painted
/// as intensities (<see cref="Run"/>), the intensity-band ensemble that picks it, and helpers to start <c>czpick dev</c>
/// and worker processes, upload, wait for events and compare the outputs with <c>czpick pick</c>.
/// </summary>
sealed class PipelineScenario : IAsyncDisposable
{
    /// <summary>The blocks every run is cut into, by the pipeline and by <c>czpick pick --blocks</c>.</summary>
    public const int Blocks = 4;

    const string Ensemble = "bands";

    readonly AzuriteServer azurite;
    readonly Dictionary<string, string> environment;
    int caches;

    PipelineScenario(AzuriteServer azurite, TempDirectory temp, string tomogram)
    {
        this.azurite = azurite;
        this.Temp = temp;
        this.Tomogram = tomogram;
        this.environment = new Dictionary<string, string>
        {
            ["CzPickStorage"] = azurite.ConnectionString,
            ["CzPick__Models__Ensemble"] = Ensemble,
            ["CzPick__Runs__BlockCount"] = Blocks.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["CzPick__WorkQueue__LeaseSeconds"] = "3",
        };
    }

    public TempDirectory Temp { get; }

    /// <summary>Gets the phantom's MRC file.</summary>
    public string Tomogram { get; }

    /// <summary>Gets the phantom's run name.</summary>
    public string Run => Path.GetFileNameWithoutExtension(this.Tomogram);

    /// <summary>Gets the model folder (ensemble.json and the band network).</summary>
    public string Model => this.Temp.File("model");

    public string ConnectionString => this.azurite.ConnectionString;

    /// <summary>Makes the phantom and the model and starts an Azurite for them.</summary>
    /// <param name="unetChannels">Channels of a random UNet run beside the bands (its logits scaled to nothing), to make blocks take time; null for none.</param>
    public static async Task<PipelineScenario> StartAsync(int[]? unetChannels = null)
    {
        TempDirectory temp = new();
        Phantom phantom = PhantomGenerator.Generate(
            new PhantomOptions { Shape = new Shape3(64, 128, 128), IncludeLabels = true, LabelRadiusFraction = 0.6, MaxMembranes = 0, Crowding = 2 },
            seed: 7,
            name: "TS_phantom_7");
        float[] painted = [.. phantom.Labels!.Select((label, i) => label + (0.01f * MathF.Sin(i)))];
        string tomogram = temp.File("TS_phantom_7.mrc");
        await MrcWriter.WriteAsync(tomogram, new DenseVolume(phantom.Volume.Info, painted));
        VolumeStatistics statistics = VolumeStatistics.Compute(painted);

        EnsembleManifest manifest = new()
        {
            Name = Ensemble,
            Members = [new EnsembleMember("bands.onnx")],
            Tta = [TtaPass.Identity],
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(particle => particle.Name)],
            Window = new Shape3(32, 64, 64),
            Picking = ParticleCatalog.Czii.Particles.Where(particle => particle.IsPicked).ToDictionary(particle => particle.Name, particle => particle.Picking!),
        };
        manifest.Save(temp.File("model"));
        UNetWeights? unet = unetChannels is null ? null : UNetWeights.CreateRandom(new UNetArchitecture("slow", unetChannels, [.. unetChannels.Skip(1).Select(_ => 2)], 1, outputChannels: 7), 3);
        await File.WriteAllBytesAsync(temp.File("model", "bands.onnx"), IntensityBandModel.Create(7, statistics.Mean, statistics.StandardDeviation, unet, 1e-6f));

        AzuriteServer azurite = await AzuriteServer.StartAsync(AzuriteServer.FindLauncher(AppContext.BaseDirectory), AzuriteServer.FreePorts(), location: null);
        return new PipelineScenario(azurite, temp, tomogram);
    }

    /// <summary>Starts <c>czpick dev</c> on this scenario's Azurite, uploading the model, and waits until it is ready.</summary>
    public async Task<ChildProcess> StartDevAsync(int workers)
    {
        ChildProcess dev = ChildProcess.Start(
            "czpick.dll",
            ["dev", "--storage", this.ConnectionString, "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--model", this.Model],
            this.Environment());
        await dev.WaitForLineAsync(line => line.StartsWith("czpick dev: task hub", StringComparison.Ordinal), "that it is ready");
        return dev;
    }

    /// <summary>Starts the worker program (the container's) on this scenario's Azurite, with a model cache of its own.</summary>
    public ChildProcess StartWorker() => ChildProcess.Start(
        "CzPick.Worker.dll",
        [],
        new Dictionary<string, string>(this.Environment())
        {
            ["CzPick__Worker__ModelCache"] = this.Temp.File($"cache-{++this.caches}"),
            ["ASPNETCORE_HTTP_PORTS"] = AzuriteServer.FreePorts().Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // The test run sets Warning for every process it starts (test.runsettings); the tests read the worker's
            // "Picking block" lines, which are Information.
            ["Logging__LogLevel__Default"] = "Information",
        });

    public Task<CliResult> UploadAsync(params string[] files) => CliProcess.RunAsync(["upload", .. files, "--storage", this.ConnectionString]);

    /// <summary>Takes completion events off the events queue until there are at least this many (with 0: those there now).</summary>
    public async Task<CloudEvent[]> WaitForEventsAsync(int count)
    {
        QueueClient events = new(this.ConnectionString, QueueNames.PickingEvents, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await events.CreateIfNotExistsAsync();
        List<CloudEvent> received = [];

        // A guard against a hang, not a timing assertion.
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(4));
        do
        {
            QueueMessage[] messages = (await events.ReceiveMessagesAsync(32, cancellationToken: timeout.Token)).Value;
            foreach (QueueMessage message in messages)
            {
                received.Add(CloudEvent.Parse(message.Body)!);
                await events.DeleteMessageAsync(message.MessageId, message.PopReceipt, timeout.Token);
            }

            if (received.Count < count)
            {
                await Task.Delay(200, timeout.Token);
            }
        }
        while (received.Count < count);

        return [.. received];
    }

    /// <summary>Lists the blob names of a container that start with a prefix.</summary>
    public async Task<string[]> BlobsAsync(string container, string prefix = "")
    {
        List<string> names = [];
        BlobContainerClient client = new BlobServiceClient(this.ConnectionString).GetBlobContainerClient(container);
        await foreach (BlobItem item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(item.Name);
        }

        return [.. names];
    }

    public async Task<BinaryData> DownloadAsync(string container, string name) =>
        (await new BlobServiceClient(this.ConnectionString).GetBlobContainerClient(container).GetBlobClient(name).DownloadContentAsync()).Value.Content;

    /// <summary>
    /// Runs <c>czpick pick</c> on the phantom with the same model and block count, and checks that every file it wrote
    /// (the copick picks files and picks.csv) is byte for byte what the pipeline wrote to the picks container.
    /// </summary>
    /// <returns>The number of picks.</returns>
    public async Task<int> AssertPicksEqualCzpickPickAsync()
    {
        string output = this.Temp.File("czpick-pick");
        CliResult pick = await CliProcess.RunAsync("pick", this.Tomogram, "--out", output, "--model", this.Model, "--blocks", Blocks.ToString(System.Globalization.CultureInfo.InvariantCulture), "--device", "cpu");
        Assert.True(pick.ExitCode == 0, pick.Error);

        string[] copick = Directory.GetFiles(Path.Combine(output, "ExperimentRuns", this.Run, "Picks"));
        Assert.NotEmpty(copick);
        foreach (string file in copick)
        {
            Assert.Equal(await File.ReadAllTextAsync(file), (await this.DownloadAsync(BlobLayout.Picks, $"ExperimentRuns/{this.Run}/Picks/{Path.GetFileName(file)}")).ToString());
        }

        string csv = await File.ReadAllTextAsync(Path.Combine(output, "picks.csv"));
        Assert.Equal(csv, (await this.DownloadAsync(BlobLayout.Picks, $"{this.Run}/picks.csv")).ToString());
        return csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length - 1;
    }

    public async ValueTask DisposeAsync()
    {
        await this.azurite.DisposeAsync();
        this.Temp.Dispose();
    }

    IReadOnlyDictionary<string, string> Environment() => this.environment;
}
