using CzPick.Core.Blocks;
using CzPick.Core.Copick;
using CzPick.Core.Geometry;
using CzPick.Core.Outputs;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Tests.Support;

namespace CzPick.Pipeline.Tests.Activities;

[Collection(AzuriteCollection.Name)]
public sealed class GatherPicksTests(AzuriteFixture azurite)
{
    static readonly Shape3 Shape = new(20, 40, 80);

    [Fact]
    public async Task Execute_TwoBlocksWithASeamDuplicate_OneCopickFilePerPickedParticleCsvReportAndSummary()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        (string run, string instance, PlanDocument plan) = await this.ArrangeAsync(host);

        // The two ribosomes lie 20 Å apart across the seam at x = 500 Å, closer than half a ribosome's radius (75 Å):
        // the same particle seen by both blocks. The better-scored one stays.
        Pick ribosome = new("ribosome", 490, 250, 120, 0.9f);
        Pick apoferritin = new("apo-ferritin", 100, 100, 100, 0.8f);
        Pick seamTwin = new("ribosome", 510, 250, 120, 0.7f);
        Pick thyroglobulin = new("thyroglobulin", 800, 200, 100, 0.6f);
        await blobs.WriteJsonAsync(BlobLayout.BlockResult(instance, 0), new BlockResult(instance, 0, [ribosome, apoferritin], 1.25));
        await blobs.WriteJsonAsync(BlobLayout.BlockResult(instance, 1), new BlockResult(instance, 1, [seamTwin, thyroglobulin], 2.5));
        DateTimeOffset started = DateTimeOffset.UtcNow.AddSeconds(-30);

        RunOutputs outputs = await host.Get<GatherPicks>().ExecuteAsync(new GatherRequest(instance, run, BlobLayout.Plan(instance).ToString(), 2, started), default);

        Pick[] expected = [ribosome, apoferritin, thyroglobulin];
        string[] picked = ["apo-ferritin", "beta-galactosidase", "ribosome", "thyroglobulin", "virus-like-particle"];
        Assert.Equal(picked.Select(name => $"picks/ExperimentRuns/{run}/Picks/czpick_0_{name}.json"), outputs.CopickFiles);
        Assert.Equal((3, $"picks/{run}/picks.csv", $"picks/{run}/summary.json", $"picks/{run}/report.html"), (outputs.PickCount, outputs.Csv, outputs.Summary, outputs.Report));
        foreach (string name in picked)
        {
            CopickPicksFile file = CopickPicksJson.Read((await blobs.DownloadAsync(new BlobPath("picks", $"ExperimentRuns/{run}/Picks/czpick_0_{name}.json")))!.ToStream(), name);
            Assert.Equal((name, "czpick", "0", run, 12.5), (file.PickableObjectName, file.UserId, file.SessionId, file.RunName, file.VoxelSpacing));
            Assert.Equal(expected.Where(pick => pick.Particle == name), file.ToPicks());
        }

        string csv = (await blobs.DownloadAsync(BlobLayout.Csv(run)))!.ToString();
        Assert.Equal(
            $"id,experiment,particle_type,x,y,z\n0,{run},ribosome,490,250,120\n1,{run},apo-ferritin,100,100,100\n2,{run},thyroglobulin,800,200,100\n",
            csv);
        RunSummary summary = RunSummaryJson.Read((await blobs.DownloadAsync(BlobLayout.Summary(run)))!.ToStream(), "summary");
        Assert.Equal(
            new Dictionary<string, int> { ["apo-ferritin"] = 1, ["beta-amylase"] = 0, ["beta-galactosidase"] = 0, ["ribosome"] = 1, ["thyroglobulin"] = 1, ["virus-like-particle"] = 0 },
            summary.Counts);
        Assert.Equal((plan.Tomogram, Shape, plan.VoxelSize), (summary.Input.File, summary.Input.Shape, summary.Input.VoxelSize));
        Assert.Equal(host.Run("bands"), summary.Model.Name);
        Assert.Equal([TestModels.MemberFile], summary.Model.Members);
        Assert.Equal(["statistics", "blocks", "gather", "total"], summary.TimingsSeconds.Keys);
        Assert.Equal((0.5, 3.75), (summary.TimingsSeconds["statistics"], summary.TimingsSeconds["blocks"]));
        Assert.InRange(summary.TimingsSeconds["total"], 30, 3600);
        string report = (await blobs.DownloadAsync(BlobLayout.Report(run)))!.ToString();
        Assert.StartsWith("<!DOCTYPE html>", report, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(run, report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ReportsTurnedOff_NoReport()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite, (SettingNames.RunsReports, "false"));
        IBlobStore blobs = host.Get<IBlobStore>();
        (string run, string instance, _) = await this.ArrangeAsync(host);
        await blobs.WriteJsonAsync(BlobLayout.BlockResult(instance, 0), new BlockResult(instance, 0, [], 1));
        await blobs.WriteJsonAsync(BlobLayout.BlockResult(instance, 1), new BlockResult(instance, 1, [], 1));

        RunOutputs outputs = await host.Get<GatherPicks>().ExecuteAsync(new GatherRequest(instance, run, BlobLayout.Plan(instance).ToString(), 2, DateTimeOffset.UtcNow), default);

        Assert.Null(outputs.Report);
        Assert.Null(await blobs.GetInfoAsync(BlobLayout.Report(run)));
        Assert.Equal(0, outputs.PickCount);
        Assert.Equal("id,experiment,particle_type,x,y,z\n", (await blobs.DownloadAsync(BlobLayout.Csv(run)))!.ToString());
    }

    [Fact]
    public async Task Execute_BlockResultMissing_ErrorNamesTheBlockAndNothingWritten()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        (string run, string instance, _) = await this.ArrangeAsync(host);
        await blobs.WriteJsonAsync(BlobLayout.BlockResult(instance, 0), new BlockResult(instance, 0, [], 1));

        InvalidOperationException error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            host.Get<GatherPicks>().ExecuteAsync(new GatherRequest(instance, run, BlobLayout.Plan(instance).ToString(), 2, DateTimeOffset.UtcNow), default));

        Assert.Equal($"Block 1 of run {instance} has no result at work/{instance}/blocks/1.json, although its reply arrived.", error.Message);
        Assert.Null(await blobs.GetInfoAsync(BlobLayout.Summary(run)));
        Assert.Null(await blobs.GetInfoAsync(BlobLayout.Csv(run)));
    }

    async Task<(string Run, string Instance, PlanDocument Plan)> ArrangeAsync(PipelineHost host)
    {
        IBlobStore blobs = host.Get<IBlobStore>();
        string run = host.Run("TS_7");
        string instance = $"{run}-0123456789abcdef";
        DenseVolume volume = TestVolumes.Noise(run, Shape, seed: 9);
        StoredBlob blob = await TestVolumes.UploadMrcAsync(blobs, host.Tomogram(run), volume);
        await TestModels.UploadAsync(blobs, host.Run("bands"), new Shape3(16, 32, 32), 0, 1);
        Block[] blocks =
        [
            new(0, new Box3(new Index3(0, 0, 0), new Shape3(20, 40, 40)), new Box3(new Index3(0, 0, 0), new Shape3(20, 40, 64))),
            new(1, new Box3(new Index3(0, 0, 40), new Shape3(20, 40, 40)), new Box3(new Index3(0, 0, 16), new Shape3(20, 40, 64))),
        ];
        PlanDocument plan = new(run, host.Tomogram(run).ToString(), blob.ETag, host.Run("bands"), Shape, volume.Info.VoxelSize, VolumeStatistics.Compute(volume.Voxels), 0.5, blocks);
        await blobs.WriteJsonAsync(BlobLayout.Plan(instance), plan);
        return (run, instance, plan);
    }
}
