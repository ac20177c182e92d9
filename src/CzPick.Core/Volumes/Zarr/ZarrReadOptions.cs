namespace CzPick.Core.Volumes.Zarr;

/// <summary>How to open and read a Zarr store.</summary>
public sealed record ZarrReadOptions
{
    /// <summary>Gets the multiscale level to read: 0, the full resolution, by default; 1 and 2 are binned by 2 and 4 in portal stores.</summary>
    public int Level { get; init; }

    /// <summary>
    /// Gets a voxel size that overrides the store's metadata, or that stands in for it when a bare array (no
    /// OME-NGFF multiscales) has none; null keeps what the metadata says.
    /// </summary>
    public VoxelSizeAngstrom? VoxelSize { get; init; }

    /// <summary>
    /// Gets the most bytes of stored (compressed) chunks kept in memory, so that consecutive reads of neighbouring
    /// regions (slabs of one chunk row, overlapping blocks) fetch each chunk once; 0 turns the cache off. The default,
    /// 1 GiB, holds a whole row of a data-portal tomogram's 256³ chunks.
    /// </summary>
    public long ChunkCacheBytes { get; init; } = 1L << 30;

    /// <summary>
    /// Gets the most chunks fetched and decoded at once by one read: one per core, at least 4 so that blob fetches
    /// overlap, at most 16 because each decode holds a chunk-sized buffer (64 MB for a portal's 256³ float32 chunk).
    /// </summary>
    public int MaxConcurrentChunks { get; init; } = Math.Clamp(Environment.ProcessorCount, 4, 16);
}
