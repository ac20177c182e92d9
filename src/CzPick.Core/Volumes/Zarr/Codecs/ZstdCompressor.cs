using ZstdSharp;

namespace CzPick.Core.Volumes.Zarr.Codecs;

/// <summary>numcodecs <c>zstd</c>: the whole chunk in one Zstandard frame.</summary>
sealed class ZstdCompressor : ZarrCompressor
{
    /// <inheritdoc/>
    public override string Id => "zstd";

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> stored, int chunkBytes, Span<byte> window, int windowStart)
    {
        using Decompressor decompressor = new();
        int decoded;
        try
        {
            decoded = decompressor.Unwrap(stored, window);
        }
        catch (ZstdException)
        {
            decoded = -1;
        }

        this.RequireWholeChunk(decoded, chunkBytes);
    }
}
