using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Tests.Support;
using CzPick.Pipeline.Workers;

namespace CzPick.Pipeline.Tests.Workers;

[Collection(AzuriteCollection.Name)]
public sealed class ModelCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Get_EnsembleInStorage_DownloadedOnceLaidOutAsTheBlobs()
    {
        using TempDirectory cache = new();
        await using PipelineHost host = await PipelineHost.StartAsync(azurite, (SettingNames.WorkerModelCache, cache.Path));
        IBlobStore blobs = host.Get<IBlobStore>();
        string ensemble = host.Run("soup");
        await blobs.UploadAsync(new BlobPath("models", $"{ensemble}/ensemble.json"), BinaryData.FromString("{\"name\": \"soup\"}").ToStream());
        await blobs.UploadAsync(new BlobPath("models", $"{ensemble}/members/tiny.onnx"), new MemoryStream([1, 2, 3, 4]));

        string folder = await host.Get<ModelCache>().GetAsync(ensemble);

        Assert.StartsWith(Path.Combine(cache.Path, ensemble) + Path.DirectorySeparatorChar, folder, StringComparison.Ordinal);
        Assert.Equal("{\"name\": \"soup\"}", await File.ReadAllTextAsync(Path.Combine(folder, "ensemble.json")));
        Assert.Equal([1, 2, 3, 4], await File.ReadAllBytesAsync(Path.Combine(folder, "members", "tiny.onnx")));

        // The same version is not fetched again: a local change survives the second call.
        await File.WriteAllBytesAsync(Path.Combine(folder, "members", "tiny.onnx"), [9]);
        Assert.Equal(folder, await host.Get<ModelCache>().GetAsync(ensemble));
        Assert.Equal([9], await File.ReadAllBytesAsync(Path.Combine(folder, "members", "tiny.onnx")));
        Assert.Single(Directory.GetDirectories(Path.Combine(cache.Path, ensemble)));
    }

    [Fact]
    public async Task Get_EnsembleReplacedInStorage_NewFolderWithTheNewBytes()
    {
        using TempDirectory cache = new();
        await using PipelineHost host = await PipelineHost.StartAsync(azurite, (SettingNames.WorkerModelCache, cache.Path));
        IBlobStore blobs = host.Get<IBlobStore>();
        string ensemble = host.Run("soup");
        BlobPath member = new("models", $"{ensemble}/tiny.onnx");
        await blobs.UploadAsync(member, new MemoryStream([1]));
        string first = await host.Get<ModelCache>().GetAsync(ensemble);
        await blobs.UploadAsync(member, new MemoryStream([2]));

        string second = await host.Get<ModelCache>().GetAsync(ensemble);

        Assert.NotEqual(first, second);
        Assert.Equal([2], await File.ReadAllBytesAsync(Path.Combine(second, "tiny.onnx")));
    }

    [Fact]
    public async Task Get_ManyCallersAtOnce_OneCompleteCopy()
    {
        using TempDirectory cache = new();
        await using PipelineHost host = await PipelineHost.StartAsync(azurite, (SettingNames.WorkerModelCache, cache.Path));
        string ensemble = host.Run("soup");
        await host.Get<IBlobStore>().UploadAsync(new BlobPath("models", $"{ensemble}/tiny.onnx"), new MemoryStream(new byte[1 << 20]));
        ModelCache models = host.Get<ModelCache>();

        string[] folders = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => models.GetAsync(ensemble)));

        Assert.Single(folders.Distinct());
        Assert.Equal([Path.Combine(cache.Path, ensemble, Path.GetFileName(folders[0]))], Directory.GetDirectories(Path.Combine(cache.Path, ensemble)));
        Assert.Equal(1 << 20, new FileInfo(Path.Combine(folders[0], "tiny.onnx")).Length);
    }

    [Fact]
    public async Task Get_NoSuchEnsemble_FileNotFoundSayingWhatToUpload()
    {
        using TempDirectory cache = new();
        await using PipelineHost host = await PipelineHost.StartAsync(azurite, (SettingNames.WorkerModelCache, cache.Path));

        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() => host.Get<ModelCache>().GetAsync("nothing-here"));

        Assert.Equal(
            "Model ensemble 'nothing-here' not found: nothing under models/nothing-here/. Upload its ensemble.json and .onnx members there (czpick dev uploads a local model folder).",
            error.Message);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task Get_NameOutsideOneFolder_Refused(string ensemble)
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Get<ModelCache>().GetAsync(ensemble));
    }
}
