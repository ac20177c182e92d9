using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Inference.Ensemble;
using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Tests.Support;

namespace CzPick.Pipeline.Tests.Activities;

[Collection(AzuriteCollection.Name)]
public sealed class PlanRunTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Execute_MrcBlob_WholeVolumeStatisticsAndTheEnginesPlanStored()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        string run = host.Run("TS_5_4");
        DenseVolume volume = TestVolumes.Noise(run, new Shape3(40, 96, 100), seed: 3);
        StoredBlob blob = await TestVolumes.UploadMrcAsync(blobs, host.Tomogram(run), volume);
        EnsembleManifest manifest = await TestModels.UploadAsync(blobs, host.Run("bands"), new Shape3(16, 32, 32), 0, 1);
        string instance = $"{run}-0123456789abcdef";

        RunPlan plan = await host.Get<PlanRun>().ExecuteAsync(new PlanRequest(instance, run, host.Tomogram(run).ToString(), blob.ETag, manifest.Name, 5), default);

        Assert.Equal(new RunPlan($"work/{instance}/plan.json", plan.BlockCount), plan);
        PlanDocument stored = (await blobs.ReadJsonAsync<PlanDocument>(BlobLayout.Plan(instance)))!;
        BlockPlan expected = BlockPlanner.Plan(volume.Shape, BlockPlanOptions.ForPicker(manifest.CreateBlockPickerOptions(), volume.Info.VoxelSize) with { BlockCount = 5 });
        Assert.Equal(expected.Blocks, stored.Blocks);
        Assert.Equal(expected.Blocks.Count, plan.BlockCount);
        Assert.True(plan.BlockCount >= 5);
        Assert.Equal(await VolumeStatistics.ComputeAsync(volume), stored.Statistics);
        Assert.Equal((run, host.Tomogram(run).ToString(), blob.ETag, manifest.Name, volume.Shape, volume.Info.VoxelSize), (stored.Run, stored.Tomogram, stored.ETag, stored.Ensemble, stored.Shape, stored.VoxelSize));
    }

    [Fact]
    public async Task Execute_EnsembleNotInStorage_FileNotFoundSayingWhatToUpload()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        string run = host.Run("TS_6_4");
        StoredBlob blob = await TestVolumes.UploadMrcAsync(blobs, host.Tomogram(run), TestVolumes.Noise(run, new Shape3(8, 16, 16), seed: 4));

        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() =>
            host.Get<PlanRun>().ExecuteAsync(new PlanRequest($"{run}-0123456789abcdef", run, host.Tomogram(run).ToString(), blob.ETag, "nowhere", 4), default));
        Assert.Equal("Model ensemble 'nowhere' not found: models/nowhere/ensemble.json does not exist. Upload the ensemble's ensemble.json and .onnx members under models/nowhere/.", error.Message);
    }
}
