using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Blocks;

/// <summary>
/// Picks one block: reads its input region, z-scores it with the whole volume's statistics, predicts with sliding
/// windows, blends, applies softmax, picks every class, and keeps the picks whose centroid lies in the block's core.
/// The CLI, the worker and the tests all pick blocks through this.
/// </summary>
public interface IBlockPicker
{
    /// <summary>Picks one block.</summary>
    /// <param name="source">The volume.</param>
    /// <param name="block">The block to pick.</param>
    /// <param name="statistics">The whole volume's statistics, for the z-score.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The picks whose centroid lies in the block's core, in Å of the whole volume.</returns>
    Task<IReadOnlyList<Pick>> PickAsync(IVolumeSource source, Block block, VolumeStatistics statistics, CancellationToken cancellationToken = default);
}
