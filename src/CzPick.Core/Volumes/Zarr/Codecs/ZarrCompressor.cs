using System.Text.Json;

namespace CzPick.Core.Volumes.Zarr.Codecs;

/// <summary>
/// The numcodecs compressor named by a .zarray's <c>compressor</c> field, turning a stored chunk back into its C-order
/// bytes. Errors are <see cref="InvalidDataException"/>s whose message says what is wrong; the caller names the chunk.
/// </summary>
abstract class ZarrCompressor
{
    /// <summary>The numcodecs ids CzPick reads, for messages.</summary>
    public const string SupportedIds = "blosc, zlib, gzip, zstd, lz4, or null (uncompressed)";

    /// <summary>Gets the numcodecs id, e.g. "blosc".</summary>
    public abstract string Id { get; }

    /// <summary>Gets a short description for `czpick info`, e.g. "blosc lz4, byte shuffle".</summary>
    public virtual string Description => this.Id;

    /// <summary>Reads the compressor of a .zarray.</summary>
    /// <param name="compressor">The <c>compressor</c> field: an object with an <c>id</c>, or null.</param>
    /// <returns>The compressor, or null when chunks are stored uncompressed.</returns>
    /// <exception cref="InvalidDataException">The field is malformed or names a codec CzPick does not read.</exception>
    public static ZarrCompressor? FromJson(JsonElement compressor)
    {
        if (compressor.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (compressor.ValueKind != JsonValueKind.Object ||
            !compressor.TryGetProperty("id", out JsonElement id) || id.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"compressor must be null or an object with a string \"id\", not {compressor.GetRawText()}.");
        }

        return id.GetString() switch
        {
            "blosc" => new BloscCompressor(compressor),
            "zlib" => new DeflateCompressor("zlib", DeflateDecoder.Framing.Zlib),
            "gzip" => new DeflateCompressor("gzip", DeflateDecoder.Framing.Gzip),
            "zstd" => new ZstdCompressor(),
            "lz4" => new Lz4Compressor(),
            _ => throw new InvalidDataException($"compressor \"{id.GetString()}\" is not supported; CzPick reads {SupportedIds}."),
        };
    }

    /// <summary>
    /// Returns the part of the chunk that must be decoded to get a needed byte range: the whole chunk, unless the
    /// compressor can decode parts of it.
    /// </summary>
    /// <param name="stored">The chunk as stored.</param>
    /// <param name="chunkBytes">The size of a decoded chunk.</param>
    /// <param name="neededStart">The first byte of the chunk the caller will read.</param>
    /// <param name="neededEnd">The first byte past what the caller will read.</param>
    /// <returns>The window to pass to <see cref="Decode"/>; it contains the needed range.</returns>
    public virtual (int Start, int End) Window(ReadOnlySpan<byte> stored, int chunkBytes, int neededStart, int neededEnd) => (0, chunkBytes);

    /// <summary>Decodes a window of a stored chunk.</summary>
    /// <param name="stored">The chunk as stored.</param>
    /// <param name="chunkBytes">The size of a decoded chunk.</param>
    /// <param name="window">Receives the chunk's bytes [windowStart, windowStart + window.Length) in C order.</param>
    /// <param name="windowStart">The window's first byte, as <see cref="Window"/> gave it.</param>
    /// <exception cref="InvalidDataException">The chunk is truncated, corrupt or of the wrong size.</exception>
    public abstract void Decode(ReadOnlySpan<byte> stored, int chunkBytes, Span<byte> window, int windowStart);

    /// <summary>Throws the wrong-size error every whole-chunk compressor shares.</summary>
    /// <param name="decoded">The bytes decoded, or −1 when the stream was corrupt or longer than a chunk.</param>
    /// <param name="expected">The chunk's size in bytes.</param>
    protected void RequireWholeChunk(int decoded, int expected)
    {
        if (decoded != expected)
        {
            throw new InvalidDataException(decoded < 0
                ? $"{this.Id} stream is corrupt or decodes to more than the {expected}-byte chunk."
                : $"{this.Id} stream decodes to {decoded} bytes; expected {expected} (one full chunk).");
        }
    }
}
