using CzPick.Core.Volumes.Mrc;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Volumes;

/// <summary>How <see cref="VolumeSources.OpenAsync"/> opens each format.</summary>
public sealed record VolumeOpenOptions
{
    /// <summary>Gets the options for MRC files; the defaults when null.</summary>
    public MrcReadOptions? Mrc { get; init; }

    /// <summary>Gets the options for Zarr stores: level, voxel size override, chunk cache.</summary>
    public ZarrReadOptions Zarr { get; init; } = new();
}
