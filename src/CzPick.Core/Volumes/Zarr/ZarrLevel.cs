namespace CzPick.Core.Volumes.Zarr;

/// <summary>One resolution level of an OME-Zarr multiscale image.</summary>
/// <param name="Path">The level's array, relative to the store's root (e.g. "0").</param>
/// <param name="VoxelSize">The voxel size its scale transformations give, or null when it has none.</param>
public readonly record struct ZarrLevel(string Path, VoxelSizeAngstrom? VoxelSize);
