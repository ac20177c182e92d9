using Azure.Messaging;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Core.Geometry;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Tests.Support;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace CzPick.Pipeline.Tests.Runs;

/// <summary>The run starter on Azurite blobs and queues with the real (in-memory) Durable Task engine.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunStarterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    PipelineHost? host;
    DurableTaskTestHost? durable;

    PipelineHost Host => this.host!;

    DurableTaskClient Client => this.durable!.Client;

    RunStarter Starter => this.Host.Get<RunStarter>();

    IBlobStore Blobs => this.Host.Get<IBlobStore>();

    public async Task InitializeAsync()
    {
        this.host = await PipelineHost.StartAsync(azurite, (SettingNames.ModelsEnsemble, "soup"), (SettingNames.RunsBlockCount, "6"));

        // A stand-in PickTomogram that waits: these tests are about what gets scheduled, not about the run.
        this.durable = await DurableTaskTestHost.StartAsync(registry =>
            registry.AddOrchestratorFunc<RunRequest, string>(PipelineTaskNames.PickTomogram, (context, request) => context.WaitForExternalEvent<string>("never")));
    }

    public async Task DisposeAsync()
    {
        await this.durable!.DisposeAsync();
        await this.host!.DisposeAsync();
    }

    [Fact]
    public async Task Start_NewMrc_SchedulesPickTomogramPinnedToTheUpload()
    {
        string run = this.Host.Run("TS_5_4");
        StoredBlob blob = await TestVolumes.UploadMrcAsync(this.Blobs, this.Host.Tomogram(run), TestVolumes.Noise(run, new Shape3(8, 16, 16), seed: 5));

        RunStart start = await this.Starter.StartAsync(this.Client, $"{run}.mrc");

        Assert.Equal(RunStartOutcome.Started, start.Outcome);
        Assert.Equal(InstanceIds.For(run, $"{run}.mrc", blob.ETag), start.Instance);
        OrchestrationMetadata scheduled = (await this.Client.GetInstanceAsync(start.Instance!, getInputsAndOutputs: true))!;
        Assert.Equal(PipelineTaskNames.PickTomogram, scheduled.Name);
        RunRequest request = scheduled.ReadInputAs<RunRequest>()!;
        Assert.Equal(new RunRequest(run, $"tomograms/{run}.mrc", blob.ETag, "soup", this.Host.Options.Runs), request);
        Assert.Equal(6, request.Settings.BlockCount);
    }

    [Fact]
    public async Task Start_SameUploadSeenTwice_OneRun()
    {
        string run = this.Host.Run("TS_6_4");
        await TestVolumes.UploadMrcAsync(this.Blobs, this.Host.Tomogram(run), TestVolumes.Noise(run, new Shape3(8, 16, 16), seed: 6));

        RunStart first = await this.Starter.StartAsync(this.Client, $"{run}.mrc");
        RunStart second = await this.Starter.StartAsync(this.Client, $"{run}.mrc");

        Assert.Equal(RunStartOutcome.Started, first.Outcome);
        Assert.Equal(RunStartOutcome.Duplicate, second.Outcome);
        Assert.Equal(first.Instance, second.Instance);
        Assert.Equal([first.Instance!], await this.InstancesAsync(run));
    }

    [Fact]
    public async Task Start_SameNameUploadedAgain_NewRun()
    {
        string run = this.Host.Run("TS_69_2");
        await TestVolumes.UploadMrcAsync(this.Blobs, this.Host.Tomogram(run), TestVolumes.Noise(run, new Shape3(8, 16, 16), seed: 7));
        RunStart first = await this.Starter.StartAsync(this.Client, $"{run}.mrc");
        await TestVolumes.UploadMrcAsync(this.Blobs, this.Host.Tomogram(run), TestVolumes.Noise(run, new Shape3(8, 16, 16), seed: 8));

        RunStart second = await this.Starter.StartAsync(this.Client, $"{run}.mrc");

        Assert.Equal(RunStartOutcome.Started, second.Outcome);
        Assert.NotEqual(first.Instance, second.Instance);
    }

    [Fact]
    public async Task Start_MalformedBlob_FailureRecordAndFailedEventAndNothingElse()
    {
        string run = this.Host.Run("TS_86_3");
        StoredBlob blob = await this.Blobs.UploadAsync(this.Host.Tomogram(run), BinaryData.FromString("this is not a tomogram").ToStream());

        RunStart start = await this.Starter.StartAsync(this.Client, $"{run}.mrc");

        Assert.Equal(RunStartOutcome.Rejected, start.Outcome);
        string instance = InstanceIds.For(run, $"{run}.mrc", blob.ETag);
        Assert.Equal(instance, start.Instance);
        Assert.StartsWith($"tomograms/{run}.mrc: ", start.Detail, StringComparison.Ordinal);
        RunCompletion record = (await this.Blobs.ReadJsonAsync<RunCompletion>(BlobLayout.Error(run)))!;
        Assert.Equal(new RunCompletion(instance, run, $"tomograms/{run}.mrc", RunCompletion.Failed, null, start.Detail), record);
        CloudEvent failed = Assert.Single(await this.TakeEventsAsync());
        Assert.Equal(CompletionEvents.FailedType, failed.Type);
        Assert.Equal(instance, failed.Id);
        Assert.Equal(run, failed.Subject);
        Assert.Empty(await this.InstancesAsync(run));
        Assert.Equal([BlobLayout.Error(run).Name], await this.BlobNamesAsync(BlobLayout.Picks, run));
        Assert.Empty(await this.BlobNamesAsync(BlobLayout.Work, run));
    }

    [Fact]
    public async Task Start_MalformedBlobSeenTwice_OneFailureEvent()
    {
        string run = this.Host.Run("TS_99_9");
        await this.Blobs.UploadAsync(this.Host.Tomogram(run), new MemoryStream(new byte[4096]));

        RunStart first = await this.Starter.StartAsync(this.Client, $"{run}.mrc");
        RunStart second = await this.Starter.StartAsync(this.Client, $"{run}.mrc");

        Assert.Equal(RunStartOutcome.Rejected, first.Outcome);
        Assert.Equal(RunStartOutcome.Duplicate, second.Outcome);
        Assert.Single(await this.TakeEventsAsync());
    }

    [Fact]
    public async Task Start_ZarrStoreKeysThenMarker_OnlyTheMarkerStartsTheStoresRun()
    {
        string run = this.Host.Run("TS_demo");
        BlobPath store = new(BlobLayout.Tomograms, $"{run}.zarr");
        await TestVolumes.UploadFolderAsync(this.Blobs, TestVolumes.DemoZarrStore, store);
        StoredBlob marker = await this.Blobs.UploadAsync(new BlobPath(BlobLayout.Tomograms, $"{run}.zarr/{BlobLayout.ZarrCompleteMarker}"), new MemoryStream());

        RunStart chunk = await this.Starter.StartAsync(this.Client, $"{run}.zarr/0/.zarray");
        RunStart start = await this.Starter.StartAsync(this.Client, $"{run}.zarr/{BlobLayout.ZarrCompleteMarker}");

        Assert.Equal(RunStartOutcome.Ignored, chunk.Outcome);
        Assert.Equal(RunStartOutcome.Started, start.Outcome);
        RunRequest request = (await this.Client.GetInstanceAsync(start.Instance!, getInputsAndOutputs: true))!.ReadInputAs<RunRequest>()!;
        Assert.Equal(new RunRequest(run, store.ToString(), marker.ETag, "soup", this.Host.Options.Runs), request);
    }

    [Fact]
    public async Task Start_MarkerOfAStoreWithoutMetadata_Rejected()
    {
        string run = this.Host.Run("TS_empty");
        await this.Blobs.UploadAsync(new BlobPath(BlobLayout.Tomograms, $"{run}.zarr/{BlobLayout.ZarrCompleteMarker}"), new MemoryStream());

        RunStart start = await this.Starter.StartAsync(this.Client, $"{run}.zarr/{BlobLayout.ZarrCompleteMarker}");

        Assert.Equal(RunStartOutcome.Rejected, start.Outcome);
        Assert.StartsWith($"tomograms/{run}.zarr", start.Detail, StringComparison.Ordinal);
        Assert.Equal(CompletionEvents.FailedType, Assert.Single(await this.TakeEventsAsync()).Type);
    }

    [Fact]
    public async Task Start_BlobDeletedBeforeTheEventArrived_Ignored()
    {
        RunStart start = await this.Starter.StartAsync(this.Client, $"{this.Host.Run("TS_gone")}.mrc");

        Assert.Equal(RunStartOutcome.Ignored, start.Outcome);
        Assert.Empty(await this.TakeEventsAsync());
    }

    async Task<string[]> InstancesAsync(string run)
    {
        List<string> found = [];
        await foreach (OrchestrationMetadata instance in this.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = InstanceIds.Prefix(run) }))
        {
            found.Add(instance.InstanceId);
        }

        return [.. found];
    }

    async Task<string[]> BlobNamesAsync(string container, string run)
    {
        List<string> names = [];
        await foreach (StoredBlob blob in this.Blobs.ListAsync(container))
        {
            if (blob.Path.Name.Contains(run, StringComparison.Ordinal))
            {
                names.Add(blob.Path.Name);
            }
        }

        return [.. names];
    }

    async Task<CloudEvent[]> TakeEventsAsync()
    {
        QueueClient events = this.Host.Get<QueueServiceClient>().GetQueueClient(this.Host.Options.EventsQueueName);
        QueueMessage[] messages = await events.ReceiveMessagesAsync(32);
        return [.. messages.Select(message => CloudEvent.Parse(message.Body)!)];
    }
}
