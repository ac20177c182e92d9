using System.Runtime.InteropServices;
using CzPick.Core.Volumes.Zarr;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Volumes;

/// <summary>
/// A Zarr store whose keys are the blobs under a prefix, e.g. <c>tomograms/TS_5_4.zarr/0/.zarray</c>: each key is one
/// whole-blob read, and a key without a blob reads as missing (a chunk never written is the fill value).
/// </summary>
/// <param name="blobs">The blob store.</param>
/// <param name="root">The store's prefix, e.g. <c>tomograms/TS_5_4.zarr</c>.</param>
sealed class BlobZarrStore(IBlobStore blobs, BlobPath root) : IZarrStore
{
    /// <inheritdoc/>
    public string Location => root.ToString();

    /// <inheritdoc/>
    public async ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Split('/').Any(part => part is "" or "." or ".."))
        {
            throw new ArgumentException($"Zarr key '{key}' must be a relative path without empty, '.' or '..' parts.", nameof(key));
        }

        BinaryData? content = await blobs.DownloadAsync(new BlobPath(root.Container, $"{root.Name}/{key}"), cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        // Chunks are megabytes: hand over the downloaded array itself when it is exactly the content.
        ReadOnlyMemory<byte> bytes = content.ToMemory();
        return MemoryMarshal.TryGetArray(bytes, out ArraySegment<byte> segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();
    }
}
