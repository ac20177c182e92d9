using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Runs;

/// <summary>
/// A blob created in the <c>tomograms</c> container that starts a run: an MRC file, <c>tomograms/{run}.mrc</c>, or the
/// marker written last into an OME-Zarr store, <c>tomograms/{run}.zarr/.czpick-complete</c>. Every other blob of a
/// store (its metadata and chunks) starts nothing: a run must not begin while chunks are still arriving.
/// </summary>
/// <param name="Run">The run name: the file's or the store's name without its extension.</param>
/// <param name="Tomogram">The volume: the MRC blob, or the store's prefix (<c>tomograms/{run}.zarr</c>).</param>
/// <param name="Trigger">The blob whose arrival starts the run; its ETag identifies the upload.</param>
public sealed record TomogramUpload(string Run, BlobPath Tomogram, BlobPath Trigger)
{
    /// <summary>Tells what a blob of the tomograms container is to the pipeline.</summary>
    /// <param name="blobName">The blob's name inside the container, e.g. "TS_5_4.mrc" or "TS_5_4.zarr/0/0.0.0".</param>
    /// <returns>The upload it completes, or null for a blob inside a Zarr store other than its marker.</returns>
    public static TomogramUpload? FromBlob(string blobName)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        int store = StoreEnd(blobName);
        if (store < 0)
        {
            BlobPath file = new(BlobLayout.Tomograms, blobName);
            return new TomogramUpload(BlobLayout.RunName(blobName), file, file);
        }

        string prefix = blobName[..store];
        return blobName[store..] == "/" + BlobLayout.ZarrCompleteMarker
            ? new TomogramUpload(BlobLayout.RunName(prefix), new BlobPath(BlobLayout.Tomograms, prefix), new BlobPath(BlobLayout.Tomograms, blobName))
            : null;
    }

    /// <summary>Tells whether a tomogram reference names an OME-Zarr store (a blob prefix) rather than an MRC blob.</summary>
    /// <param name="tomogram">The tomogram, as a run request or plan names it.</param>
    /// <returns>True when its name ends with ".zarr".</returns>
    public static bool IsZarrStore(BlobPath tomogram) =>
        tomogram.Name.EndsWith(BlobLayout.ZarrExtension, StringComparison.OrdinalIgnoreCase);

    /// <summary>Returns where the first ".zarr" folder of a blob name ends, or −1 when the blob is in none.</summary>
    static int StoreEnd(string blobName)
    {
        int start = 0;
        while (true)
        {
            int slash = blobName.IndexOf('/', start);
            if (slash < 0)
            {
                return -1;
            }

            if (blobName.AsSpan(start, slash - start).EndsWith(BlobLayout.ZarrExtension, StringComparison.OrdinalIgnoreCase))
            {
                return slash;
            }

            start = slash + 1;
        }
    }
}
