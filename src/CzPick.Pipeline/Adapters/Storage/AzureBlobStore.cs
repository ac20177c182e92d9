using System.Runtime.CompilerServices;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Adapters.Storage;

/// <summary>The blob store on Azure Blob Storage (or Azurite), with the SDK's ranged-read streams.</summary>
/// <param name="service">The data storage account's blob service.</param>
sealed class AzureBlobStore(BlobServiceClient service) : IBlobStore
{
    /// <inheritdoc/>
    public async Task<StoredBlob?> GetInfoAsync(BlobPath path, CancellationToken cancellationToken = default)
    {
        try
        {
            BlobProperties properties = await this.Blob(path).GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return new StoredBlob(path, properties.ContentLength, properties.ETag.ToString("H"));
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<Stream> OpenReadAsync(BlobPath path, string? etag, int bufferBytes, CancellationToken cancellationToken = default)
    {
        BlobOpenReadOptions options = new(allowModifications: false)
        {
            BufferSize = bufferBytes,
            Conditions = etag is null ? null : new BlobRequestConditions { IfMatch = new ETag(etag) },
        };
        try
        {
            return await this.Blob(path).OpenReadAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException error) when (error.Status is 404 or 412)
        {
            string version = etag is null ? string.Empty : $" at ETag {etag}";
            throw new FileNotFoundException($"Blob {path}{version} not found: {(error.Status == 404 ? "it does not exist" : "it was changed since")}.", path.ToString(), error);
        }
    }

    /// <inheritdoc/>
    public async Task<BinaryData?> DownloadAsync(BlobPath path, CancellationToken cancellationToken = default)
    {
        try
        {
            BlobDownloadResult result = await this.Blob(path).DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return result.Content;
        }
        catch (RequestFailedException error) when (error.Status == 404)
        {
            return null;
        }
    }

    /// <inheritdoc/>
    public async Task<StoredBlob> UploadAsync(BlobPath path, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        long length = content.CanSeek ? content.Length - content.Position : -1;
        Response<BlobContentInfo> response = await this.Blob(path).UploadAsync(content, overwrite: true, cancellationToken).ConfigureAwait(false);
        return new StoredBlob(path, length, response.Value.ETag.ToString("H"));
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<StoredBlob> ListAsync(string container, string prefix = "", [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        BlobContainerClient client = service.GetBlobContainerClient(container);
        await foreach (BlobItem item in client.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            yield return new StoredBlob(new BlobPath(container, item.Name), item.Properties.ContentLength ?? 0, item.Properties.ETag?.ToString("H") ?? string.Empty);
        }
    }

    BlobClient Blob(BlobPath path) => service.GetBlobContainerClient(path.Container).GetBlobClient(path.Name);
}
