using Azure.Storage.Blobs;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.Runtime;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Workers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Worker.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class EnsemblePickersTests(AzuriteFixture azurite) : IAsyncLifetime
{
    static readonly Shape3 Shape = new(32, 48, 64);

    readonly TempDirectory temp = new();
    ServiceProvider? services;

    public async Task InitializeAsync()
    {
        IConfiguration configuration = azurite.Configuration((SettingNames.WorkerModelCache, this.temp.File("cache")));
        this.services = new ServiceCollection().AddLogging().AddCzPickPipeline(configuration).AddCzPickWorker().BuildServiceProvider();
        await this.services.GetRequiredService<PipelineStorage>().EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await this.services!.DisposeAsync();
        this.temp.Dispose();
    }

    [Fact]
    public async Task Get_EnsembleInStorage_PicksAsTheEnginePicksWithTheLocalModel()
    {
        (DenseVolume volume, string name, string folder) = await this.ArrangeAsync();
        using EnsemblePickers pickers = this.Create();
        Block block = new(0, Box3.Whole(Shape), Box3.Whole(Shape));
        VolumeStatistics statistics = VolumeStatistics.Compute(volume.Voxels);

        IBlockPicker picker = await pickers.GetAsync(name);
        IReadOnlyList<Pick> picks = await picker.PickAsync(volume, block, statistics);

        EnsembleManifest manifest = EnsembleManifest.Load(folder);
        using EnsemblePredictor predictor = new(manifest, new InferenceOptions { Device = ExecutionDevice.Cpu });
        IReadOnlyList<Pick> expected = await new BlockPicker(predictor, manifest.CreateBlockPickerOptions()).PickAsync(volume, block, statistics);
        Assert.Equal(expected, picks);
        Assert.Equal(["ribosome"], picks.Select(pick => pick.Particle));
        Assert.Same(picker, await pickers.GetAsync(name));
    }

    [Fact]
    public async Task Get_EnsembleMissingThenUploaded_FailureNotKept()
    {
        using EnsemblePickers pickers = this.Create();
        string name = $"later{Guid.NewGuid():N}";

        await Assert.ThrowsAsync<FileNotFoundException>(() => pickers.GetAsync(name));
        await this.ArrangeAsync(name);

        Assert.NotNull(await pickers.GetAsync(name));
    }

    EnsemblePickers Create() => new(this.services!.GetRequiredService<ModelCache>(), new InferenceOptions { Device = ExecutionDevice.Cpu }, NullLogger<EnsemblePickers>.Instance);

    /// <summary>A volume with one ribosome-sized ball painted with the ribosome's label, and the band ensemble that picks it, in storage and in a local folder.</summary>
    async Task<(DenseVolume Volume, string Name, string Folder)> ArrangeAsync(string? name = null)
    {
        name ??= $"bands{Guid.NewGuid():N}";
        DenseVolume volume = new("TS_ball", Shape, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));
        int label = ParticleCatalog.Czii["ribosome"].Label;
        for (int z = 0; z < Shape.Z; z++)
        {
            for (int y = 0; y < Shape.Y; y++)
            {
                for (int x = 0; x < Shape.X; x++)
                {
                    bool inside = ((z - 16) * (z - 16)) + ((y - 24) * (y - 24)) + ((x - 30) * (x - 30)) <= 64;
                    volume[z, y, x] = inside ? label : 0.05f * MathF.Sin(z + (3 * y) + (7 * x));
                }
            }
        }

        VolumeStatistics statistics = VolumeStatistics.Compute(volume.Voxels);
        string folder = this.temp.File(name);
        new EnsembleManifest
        {
            Name = name,
            Members = [new EnsembleMember("bands.onnx")],
            Tta = [TtaPass.Identity],
            Classes = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(particle => particle.Name)],
            Window = new Shape3(16, 32, 32),
            Picking = new Dictionary<string, PickingParameters> { ["ribosome"] = ParticleCatalog.Czii["ribosome"].Picking! },
        }.Save(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, "bands.onnx"), IntensityBandModel.Create(7, statistics.Mean, statistics.StandardDeviation));
        BlobContainerClient models = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient(BlobLayout.Models);
        foreach (string file in Directory.GetFiles(folder))
        {
            await models.GetBlobClient($"{name}/{Path.GetFileName(file)}").UploadAsync(file, overwrite: true);
        }

        return (volume, name, folder);
    }
}
