using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Pipeline.Contracts;

/// <summary>
/// The block plan of one run, stored as <c>work/{instance}/plan.json</c>: what every block message is built from.
/// It stays in blob storage so that orchestration payloads never grow with the number of blocks.
/// </summary>
/// <param name="Run">The run name.</param>
/// <param name="Tomogram">The tomogram blob.</param>
/// <param name="ETag">The tomogram's ETag.</param>
/// <param name="Ensemble">The model ensemble.</param>
/// <param name="Shape">The volume's shape.</param>
/// <param name="VoxelSize">The voxel size from the header, in Å.</param>
/// <param name="Statistics">The whole volume's statistics, for the z-score every block applies.</param>
/// <param name="StatisticsSeconds">The time the streaming statistics pass took.</param>
/// <param name="Blocks">The blocks, in index order.</param>
public sealed record PlanDocument(
    string Run,
    string Tomogram,
    string ETag,
    string Ensemble,
    Shape3 Shape,
    VoxelSizeAngstrom VoxelSize,
    VolumeStatistics Statistics,
    double StatisticsSeconds,
    IReadOnlyList<Block> Blocks);
