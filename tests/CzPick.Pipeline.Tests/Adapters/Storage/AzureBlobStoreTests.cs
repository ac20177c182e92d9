using Azure.Storage.Blobs;
using CzPick.Pipeline.Adapters.Storage;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Pipeline.Tests.Adapters.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Upload_ThenDownloadAndInfo_SameBytesLengthAndETag()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);
        byte[] content = [1, 2, 3, 4, 5];
        BlobPath path = new(container, "runs/a.bin");

        StoredBlob uploaded = await store.UploadAsync(path, new MemoryStream(content));

        Assert.Equal(content, (await store.DownloadAsync(path))!.ToArray());
        StoredBlob info = (await store.GetInfoAsync(path))!;
        Assert.Equal(5, info.Length);
        Assert.Equal(uploaded.ETag, info.ETag);
        Assert.StartsWith("\"", info.ETag, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DownloadAndInfo_MissingBlob_Null()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);

        Assert.Null(await store.DownloadAsync(new BlobPath(container, "missing.json")));
        Assert.Null(await store.GetInfoAsync(new BlobPath(container, "missing.json")));
    }

    [Fact]
    public async Task OpenRead_SeekAnywhere_ReadsThoseBytesInSmallRanges()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);
        byte[] content = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7 % 251)).ToArray();
        BlobPath path = new(container, "volume.bin");
        StoredBlob uploaded = await store.UploadAsync(path, new MemoryStream(content));

        await using Stream stream = await store.OpenReadAsync(path, uploaded.ETag, bufferBytes: 4096);
        Assert.True(stream.CanSeek);
        Assert.Equal(content.Length, stream.Length);
        byte[] read = new byte[10_000];
        stream.Seek(77_777, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(read.AsMemory(0, 10_000));
        Assert.Equal(content.AsSpan(77_777, 10_000).ToArray(), read);
        stream.Seek(3, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(read.AsMemory(0, 5));
        Assert.Equal(content.AsSpan(3, 5).ToArray(), read[..5]);
    }

    [Fact]
    public async Task OpenRead_BlobReplacedSinceETag_FileNotFound()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);
        BlobPath path = new(container, "replaced.bin");
        StoredBlob first = await store.UploadAsync(path, new MemoryStream([1, 2, 3]));
        await store.UploadAsync(path, new MemoryStream([4, 5, 6]));

        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(path, first.ETag, 1024));
        Assert.Equal($"Blob {path} at ETag {first.ETag} not found: it was changed since.", error.Message);
    }

    [Fact]
    public async Task OpenRead_MissingBlob_FileNotFound()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);

        FileNotFoundException error = await Assert.ThrowsAsync<FileNotFoundException>(() => store.OpenReadAsync(new BlobPath(container, "nope.mrc"), null, 1024));
        Assert.Equal($"Blob {container}/nope.mrc not found: it does not exist.", error.Message);
    }

    [Fact]
    public async Task List_Prefix_OnlyThoseInNameOrder()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);
        foreach (string name in new[] { "b/2.json", "a/1.json", "b/1.json", "c.json" })
        {
            await store.WriteJsonAsync(new BlobPath(container, name), new { name });
        }

        List<string> names = [];
        await foreach (StoredBlob blob in store.ListAsync(container, "b/"))
        {
            names.Add(blob.Path.Name);
        }

        Assert.Equal(["b/1.json", "b/2.json"], names);
    }

    [Fact]
    public async Task ReadJson_NotTheExpectedShape_FormatExceptionNamingBlob()
    {
        (AzureBlobStore store, string container) = await CreateAsync(azurite);
        BlobPath path = new(container, "bad.json");
        await store.UploadAsync(path, new MemoryStream("{\"plan\": "u8.ToArray()));

        FormatException error = await Assert.ThrowsAsync<FormatException>(() => store.ReadJsonAsync<RunPlan>(path));
        Assert.StartsWith($"{path}: expected a RunPlan in JSON", error.Message, StringComparison.Ordinal);
    }

    static async Task<(AzureBlobStore Store, string Container)> CreateAsync(AzuriteFixture azurite)
    {
        BlobServiceClient service = new(azurite.ConnectionString);
        string container = $"c{Guid.NewGuid():N}";
        await service.GetBlobContainerClient(container).CreateAsync();
        return (new AzureBlobStore(service), container);
    }
}
