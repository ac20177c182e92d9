using System.Buffers.Binary;
using K4os.Compression.LZ4;

namespace CzPick.Core.Volumes.Zarr.Codecs;

/// <summary>numcodecs <c>lz4</c>: the uncompressed size as a little-endian int32, then one LZ4 block.</summary>
sealed class Lz4Compressor : ZarrCompressor
{
    /// <inheritdoc/>
    public override string Id => "lz4";

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> stored, int chunkBytes, Span<byte> window, int windowStart)
    {
        if (stored.Length < 4)
        {
            throw new InvalidDataException($"lz4 chunk truncated: {stored.Length} bytes, shorter than its 4-byte size prefix.");
        }

        int declared = BinaryPrimitives.ReadInt32LittleEndian(stored);
        if (declared != chunkBytes)
        {
            throw new InvalidDataException($"lz4 chunk declares {declared} bytes; expected {chunkBytes} (one full chunk).");
        }

        this.RequireWholeChunk(LZ4Codec.Decode(stored[4..], window), chunkBytes);
    }
}
