using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Ports;

/// <summary>
/// The data storage account's blobs as the pipeline needs them: small JSON documents whole, tomograms by ranged
/// reads pinned to an ETag.
/// </summary>
public interface IBlobStore
{
    /// <summary>Gets a blob's length and ETag.</summary>
    /// <param name="path">The blob.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its properties, or null when there is no such blob.</returns>
    Task<StoredBlob?> GetInfoAsync(BlobPath path, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a blob for reading as a seekable stream that fetches ranges of <paramref name="bufferBytes"/> on demand.
    /// </summary>
    /// <param name="path">The blob.</param>
    /// <param name="etag">The version to read; a read fails when the blob has changed since. Null reads the current one.</param>
    /// <param name="bufferBytes">The size of each ranged read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="FileNotFoundException">There is no such blob, or not at that ETag.</exception>
    Task<Stream> OpenReadAsync(BlobPath path, string? etag, int bufferBytes, CancellationToken cancellationToken = default);

    /// <summary>Reads a whole (small) blob.</summary>
    /// <param name="path">The blob.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Its content, or null when there is no such blob.</returns>
    Task<BinaryData?> DownloadAsync(BlobPath path, CancellationToken cancellationToken = default);

    /// <summary>Writes a blob, replacing any existing one.</summary>
    /// <param name="path">The blob.</param>
    /// <param name="content">The content, read to its end.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new blob's properties.</returns>
    Task<StoredBlob> UploadAsync(BlobPath path, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Lists the blobs of a container whose names start with a prefix, in name order.</summary>
    /// <param name="container">The container.</param>
    /// <param name="prefix">The name prefix; empty lists everything.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>The blobs.</returns>
    IAsyncEnumerable<StoredBlob> ListAsync(string container, string prefix = "", CancellationToken cancellationToken = default);
}
