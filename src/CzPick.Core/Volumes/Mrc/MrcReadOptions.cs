namespace CzPick.Core.Volumes.Mrc;

/// <summary>Limits and read tuning for <see cref="MrcReader"/>.</summary>
public sealed class MrcReadOptions
{
    /// <summary>The default <see cref="MaxDataBytes"/>: 8 GiB, well above a 184 × 630 × 630 float32 tomogram (292 MB).</summary>
    public const long DefaultMaxDataBytes = 8L << 30;

    /// <summary>The default <see cref="MaxReadBytes"/>: 16 MiB.</summary>
    public const int DefaultMaxReadBytes = 16 << 20;

    /// <summary>The default <see cref="MaxGapBytes"/>: 1 MiB.</summary>
    public const int DefaultMaxGapBytes = 1 << 20;

    /// <summary>
    /// Gets or sets the largest data block a file may declare. Larger files are refused before anything is read, so
    /// a corrupt header cannot make the reader allocate or read without bound.
    /// </summary>
    public long MaxDataBytes { get; set; } = DefaultMaxDataBytes;

    /// <summary>
    /// Gets or sets the largest single read from the stream. A region is read in runs of whole rows of at most this
    /// size (at least one row), so a blob stream sees few large ranged reads; it also bounds the scratch buffer.
    /// </summary>
    public int MaxReadBytes { get; set; } = DefaultMaxReadBytes;

    /// <summary>
    /// Gets or sets the largest gap between two wanted rows that is read through rather than skipped: for a region
    /// narrower than the volume, reading the unwanted bytes between rows is cheaper than another read. Raise it for
    /// streams where each read costs a round trip.
    /// </summary>
    public int MaxGapBytes { get; set; } = DefaultMaxGapBytes;
}
