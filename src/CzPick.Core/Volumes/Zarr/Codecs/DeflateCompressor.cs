namespace CzPick.Core.Volumes.Zarr.Codecs;

/// <summary>numcodecs <c>zlib</c> and <c>gzip</c>: the whole chunk in one deflate stream.</summary>
/// <param name="id">The numcodecs id.</param>
/// <param name="framing">The stream's wrapper.</param>
sealed class DeflateCompressor(string id, DeflateDecoder.Framing framing) : ZarrCompressor
{
    /// <inheritdoc/>
    public override string Id => id;

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> stored, int chunkBytes, Span<byte> window, int windowStart) =>
        this.RequireWholeChunk(DeflateDecoder.Decode(stored, window, framing), chunkBytes);
}
