using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes;

/// <summary>
/// A tomogram that can be read region by region, whatever its format (MRC file, OME-Zarr store) and wherever it
/// lives (a local file, a blob). Every host reads volumes through this one abstraction.
/// </summary>
public interface IVolumeSource : IDisposable
{
    /// <summary>Gets the volume's shape, voxel size and format.</summary>
    VolumeInfo Info { get; }

    /// <summary>
    /// Reads a region of the volume as float32, converting from the stored element type. Calls may run
    /// concurrently (VolumeStatistics reads chunks from one worker per core), so an implementation keeps no
    /// per-call state in fields, or serializes access to what it shares.
    /// </summary>
    /// <param name="region">The region to read; it must lie inside the volume.</param>
    /// <param name="destination">Receives the voxels in C order (z slowest), exactly region.Size.VoxelCount long.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A task that completes when the region has been read.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The region is not inside the volume, or the destination's length is wrong.</exception>
    /// <exception cref="VolumeFormatException">The stored data is truncated or corrupt.</exception>
    ValueTask ReadAsync(Box3 region, Memory<float> destination, CancellationToken cancellationToken = default);
}
