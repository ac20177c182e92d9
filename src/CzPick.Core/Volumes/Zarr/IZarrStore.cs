namespace CzPick.Core.Volumes.Zarr;

/// <summary>
/// Where a Zarr v2 store's keys live: a folder, a blob prefix, anything that can hand back a key's bytes. Keys are
/// '/'-separated paths relative to the store's root, such as ".zattrs", "0/.zarray" or "0/1.0.2".
/// </summary>
/// <remarks>
/// The reader asks only for keys it can name (metadata and the chunks a region touches), so a store needs no
/// listing. Implementations must allow concurrent calls: chunks are fetched in parallel.
/// </remarks>
public interface IZarrStore
{
    /// <summary>Gets where the store is, for messages and for the volume's name: a folder path or a blob URL prefix.</summary>
    string Location { get; }

    /// <summary>Reads the whole value of a key.</summary>
    /// <param name="key">The key, relative to the store's root.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The bytes, or null when the key does not exist (a chunk never written reads as the fill value).</returns>
    ValueTask<byte[]?> ReadAsync(string key, CancellationToken cancellationToken = default);
}
