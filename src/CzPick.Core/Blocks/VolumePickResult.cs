using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Blocks;

/// <summary>The picks of a whole volume and how they were made.</summary>
/// <param name="Picks">The picks, after removal of duplicates along block seams.</param>
/// <param name="Plan">The blocks.</param>
/// <param name="Statistics">The z-score statistics.</param>
/// <param name="ConcurrentBlocks">How many blocks were picked at once.</param>
/// <param name="StatisticsTime">The streaming statistics pass.</param>
/// <param name="BlocksTime">The blocks, start to finish (wall clock).</param>
/// <param name="Timings">Where the blocks' time went, summed over blocks.</param>
public sealed record VolumePickResult(
    IReadOnlyList<Pick> Picks,
    BlockPlan Plan,
    VolumeStatistics Statistics,
    int ConcurrentBlocks,
    TimeSpan StatisticsTime,
    TimeSpan BlocksTime,
    BlockPickTimings Timings);
