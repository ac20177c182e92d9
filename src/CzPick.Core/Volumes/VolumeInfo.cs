using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes;

/// <summary>What a volume source knows about its volume without reading the voxels.</summary>
/// <param name="Name">The run name: the file or store name without its extension, e.g. "TS_5_4".</param>
/// <param name="Shape">The extent in voxels, (Z, Y, X).</param>
/// <param name="VoxelSize">The voxel size in Å.</param>
/// <param name="Format">The storage format, e.g. "MRC2014" or "OME-Zarr".</param>
/// <param name="ElementType">The stored element type, e.g. "float32", "int8", "float16".</param>
public sealed record VolumeInfo(string Name, Shape3 Shape, VoxelSizeAngstrom VoxelSize, string Format, string ElementType);
