using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;
using CzPick.Core.Volumes.Zarr;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Runs;

namespace CzPick.Pipeline.Volumes;

/// <summary>
/// Opens a tomogram in blob storage as a volume source, reading only what is asked for: an MRC blob through a
/// stream of ranged reads pinned to its ETag, an OME-Zarr store (a blob prefix) key by key. Every pipeline step that
/// reads a tomogram (the start's header check, the plan's statistics, the workers' slabs) opens it here.
/// </summary>
public static class BlobVolumes
{
    /// <summary>The size of each ranged read of an MRC blob: a block's slab takes a handful of them.</summary>
    public const int RangeBytes = 4 << 20;

    /// <summary>Opens a tomogram, reading its header (MRC) or metadata (OME-Zarr) only.</summary>
    /// <param name="blobs">The blob store.</param>
    /// <param name="tomogram">An MRC blob, or an OME-Zarr store's prefix ending in ".zarr".</param>
    /// <param name="etag">
    /// The MRC blob's version; reads fail once it has changed. A store's blobs are read as they are: the ETag of its
    /// marker names the upload, not its chunks.
    /// </param>
    /// <param name="cancellationToken">Cancels the header reads.</param>
    /// <returns>The volume; dispose it to release the stream.</returns>
    /// <exception cref="FileNotFoundException">The MRC blob does not exist, or not at that ETag.</exception>
    /// <exception cref="VolumeFormatException">The blob or store is not a volume CzPick reads; the message says why.</exception>
    public static async Task<IVolumeSource> OpenAsync(IBlobStore blobs, BlobPath tomogram, string? etag, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        if (TomogramUpload.IsZarrStore(tomogram))
        {
            return await ZarrVolume.OpenAsync(new BlobZarrStore(blobs, tomogram), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        Stream stream = await blobs.OpenReadAsync(tomogram, etag, RangeBytes, cancellationToken).ConfigureAwait(false);
        return await MrcReader.OpenAsync(stream, tomogram.ToString(), cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
