using CzPick.Core.Geometry;

namespace CzPick.Core.Blocks;

/// <summary>How a whole volume is picked on one machine.</summary>
public sealed record VolumePickerOptions
{
    /// <summary>Gets how each block is picked.</summary>
    public required BlockPickerOptions Picker { get; init; }

    /// <summary>
    /// Gets the memory the blocks in flight may hold together, in bytes. Unless <see cref="CoreShape"/> or
    /// <see cref="BlockCount"/> is set, blocks are made as large as this allows (fewer, larger blocks read less halo
    /// twice), and fewer blocks run at once when even the smallest sensible block does not fit.
    /// </summary>
    public long MemoryBudgetBytes { get; init; } = 2L << 30;

    /// <summary>Gets the most blocks picked at once.</summary>
    public int MaxConcurrentBlocks { get; init; } = 2;

    /// <summary>Gets a fixed core extent instead of the memory-derived one.</summary>
    public Shape3? CoreShape { get; init; }

    /// <summary>Gets a least number of blocks instead of the memory-derived plan.</summary>
    public int? BlockCount { get; init; }
}
