using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Zarr;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;
using CzPick.Pipeline.Tests.Support;
using CzPick.Pipeline.Volumes;

namespace CzPick.Pipeline.Tests.Volumes;

[Collection(AzuriteCollection.Name)]
public sealed class BlobVolumesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Open_MrcBlob_HeaderAndAnyRegionAsWritten()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        DenseVolume volume = TestVolumes.Noise("TS_1", new Shape3(12, 40, 52), seed: 1);
        BlobPath path = host.Tomogram(host.Run("TS_1"));
        StoredBlob blob = await TestVolumes.UploadMrcAsync(blobs, path, volume);

        using IVolumeSource source = await BlobVolumes.OpenAsync(blobs, path, blob.ETag);

        Assert.Equal(volume.Shape, source.Info.Shape);
        Assert.Equal(host.Run("TS_1"), source.Info.Name);
        Box3 region = new(new Index3(3, 5, 7), new Shape3(4, 30, 20));
        float[] read = new float[region.Size.VoxelCount];
        float[] expected = new float[region.Size.VoxelCount];
        await source.ReadAsync(region, read);
        await volume.ReadAsync(region, expected);
        Assert.Equal(expected, read);
    }

    [Fact]
    public async Task Open_MrcReplacedSinceETag_FileNotFoundSayingItChanged()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        BlobPath path = host.Tomogram(host.Run("TS_2"));
        StoredBlob first = await TestVolumes.UploadMrcAsync(blobs, path, TestVolumes.Noise("TS_2", new Shape3(4, 8, 8), seed: 2));
        await TestVolumes.UploadMrcAsync(blobs, path, TestVolumes.Noise("TS_2", new Shape3(4, 8, 8), seed: 3));

        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() => BlobVolumes.OpenAsync(blobs, path, first.ETag));
        Assert.Equal($"Blob {path} at ETag {first.ETag} not found: it was changed since.", error.Message);
    }

    [Fact]
    public async Task Open_NotAnMrcFile_VolumeFormatExceptionNamingTheBlob()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        BlobPath path = host.Tomogram(host.Run("TS_3"));
        StoredBlob blob = await blobs.UploadAsync(path, new MemoryStream(new byte[2048]));

        VolumeFormatException error = await Assert.ThrowsAsync<VolumeFormatException>(() => BlobVolumes.OpenAsync(blobs, path, blob.ETag));
        Assert.Equal(path.ToString(), error.SourceName);
    }

    [Fact]
    public async Task Open_ZarrStoreUnderPrefix_SameVolumeAsTheFolder()
    {
        await using PipelineHost host = await PipelineHost.StartAsync(azurite);
        IBlobStore blobs = host.Get<IBlobStore>();
        BlobPath store = new(BlobLayout.Tomograms, $"{host.Run("TS_demo")}.zarr");
        await TestVolumes.UploadFolderAsync(blobs, TestVolumes.DemoZarrStore, store);

        using IVolumeSource fromBlobs = await BlobVolumes.OpenAsync(blobs, store, etag: null);
        using ZarrVolume fromFolder = await ZarrVolume.OpenAsync(TestVolumes.DemoZarrStore);

        Assert.Equal(fromFolder.Info with { Name = host.Run("TS_demo") }, fromBlobs.Info);
        Assert.Equal(await TestVolumes.ReadAllAsync(fromFolder), await TestVolumes.ReadAllAsync(fromBlobs));
    }
}
