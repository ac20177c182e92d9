using System.Buffers;
using System.Buffers.Binary;
using CzPick.Core.Volumes.Zarr.Codecs;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace CzPick.Core.Volumes.Zarr.Blosc;

/// <summary>
/// Decodes a Blosc 1 buffer, the framing numcodecs' <c>blosc</c> codec writes (c-blosc's README_CHUNK_FORMAT): a
/// 16-byte header, the start offset of every block, then per block one compressed stream per split, each led by its
/// compressed size. Blocks are independent, so a caller that needs part of the buffer decodes only the blocks that
/// hold it.
/// </summary>
/// <remarks>Errors are <see cref="InvalidDataException"/>s whose message says what is wrong; the caller names the chunk.</remarks>
static class BloscDecoder
{
    /// <summary>The header size, c-blosc's BLOSC_MAX_OVERHEAD.</summary>
    public const int HeaderSize = 16;

    /// <summary>The only frame format c-blosc 1.x writes and reads.</summary>
    const byte FormatVersion = 2;

    /// <summary>Blocks of at least this many elements are split into one stream per byte (c-blosc's MIN_BUFFERSIZE).</summary>
    const int MinSplitElements = 128;

    /// <summary>Elements up to this size are split (c-blosc's MAX_SPLITS).</summary>
    const int MaxSplitTypeSize = 16;

    [Flags]
    enum BloscFlags : byte
    {
        ByteShuffle = 0x01,
        Memcpyed = 0x02,
        BitShuffle = 0x04,
        Reserved = 0x08,
        DontSplit = 0x10,
    }

    /// <summary>
    /// Returns the smallest part of the output that whole blocks cover around a needed byte range: what
    /// <see cref="Decode"/> must be given room for to produce that range.
    /// </summary>
    /// <param name="source">The Blosc buffer.</param>
    /// <param name="neededStart">The first output byte the caller needs.</param>
    /// <param name="neededEnd">The first output byte past what the caller needs.</param>
    /// <returns>The window, block-aligned; the needed range itself when the header is unreadable (decoding then fails).</returns>
    public static (int Start, int End) Window(ReadOnlySpan<byte> source, int neededStart, int neededEnd)
    {
        if (source.Length < HeaderSize)
        {
            return (neededStart, neededEnd);
        }

        int decodedLength = BinaryPrimitives.ReadInt32LittleEndian(source[4..]);
        int blockSize = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        if (((BloscFlags)source[2] & BloscFlags.Memcpyed) != 0 || blockSize <= 0 || decodedLength < neededEnd)
        {
            return (neededStart, neededEnd);
        }

        long end = ((long)neededEnd + blockSize - 1) / blockSize * blockSize;
        return (neededStart / blockSize * blockSize, (int)Math.Min(end, decodedLength));
    }

    /// <summary>Decodes the blocks of a buffer that lie in a window of its output.</summary>
    /// <param name="source">The Blosc buffer.</param>
    /// <param name="decodedLength">The size the whole buffer must decode to (one chunk).</param>
    /// <param name="window">Receives output bytes [windowStart, windowStart + window.Length), as given by <see cref="Window"/>.</param>
    /// <param name="windowStart">The first output byte the window holds.</param>
    /// <exception cref="InvalidDataException">The buffer is truncated, corrupt or uses a codec CzPick does not read.</exception>
    public static void Decode(ReadOnlySpan<byte> source, int decodedLength, Span<byte> window, int windowStart)
    {
        RequireHeader(source);
        byte version = source[0];
        byte codecVersion = source[1];
        BloscFlags flags = (BloscFlags)source[2];
        int typeSize = source[3];
        int declaredLength = BinaryPrimitives.ReadInt32LittleEndian(source[4..]);
        int blockSize = BinaryPrimitives.ReadInt32LittleEndian(source[8..]);
        int compressedLength = BinaryPrimitives.ReadInt32LittleEndian(source[12..]);

        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Blosc format version {version}; expected {FormatVersion} (c-blosc 1.x, as numcodecs writes).");
        }

        if ((flags & BloscFlags.Reserved) != 0)
        {
            throw new InvalidDataException($"Blosc header flags 0x{(byte)flags:x2} set the reserved bit 0x08; the header is corrupt.");
        }

        if (compressedLength != source.Length)
        {
            throw new InvalidDataException(compressedLength > source.Length
                ? $"Blosc buffer truncated: its header says {compressedLength} bytes, but only {source.Length} are stored."
                : $"Blosc header says the buffer is {compressedLength} bytes, but {source.Length} are stored; the header is corrupt.");
        }

        if (declaredLength != decodedLength)
        {
            throw new InvalidDataException($"Blosc buffer decodes to {declaredLength} bytes; expected {decodedLength}.");
        }

        if (decodedLength == 0)
        {
            return;
        }

        if (typeSize == 0 || blockSize <= 0 || blockSize > decodedLength)
        {
            throw new InvalidDataException($"Blosc header has type size {typeSize} and block size {blockSize} for {decodedLength} bytes; the header is corrupt.");
        }

        int windowEnd = windowStart + window.Length;
        if (windowStart < 0 || windowEnd > decodedLength)
        {
            throw new ArgumentOutOfRangeException(nameof(windowStart), $"Window [{windowStart}, {windowEnd}) lies outside the {decodedLength}-byte output.");
        }

        if ((flags & BloscFlags.Memcpyed) != 0)
        {
            if (compressedLength != decodedLength + HeaderSize)
            {
                throw new InvalidDataException($"Blosc buffer marked as a plain copy holds {compressedLength - HeaderSize} bytes; expected {decodedLength}.");
            }

            source.Slice(HeaderSize + windowStart, window.Length).CopyTo(window);
            return;
        }

        BlockCodec codec = BlockCodec.Create((byte)flags >> 5, codecVersion);
        int blockCount = (decodedLength + blockSize - 1) / blockSize;
        if (HeaderSize + (4L * blockCount) > compressedLength)
        {
            throw new InvalidDataException($"Blosc buffer of {compressedLength} bytes cannot hold the offsets of its {blockCount} blocks; it is truncated or corrupt.");
        }

        byte[] scratch = ArrayPool<byte>.Shared.Rent(blockSize);
        try
        {
            for (int block = windowStart / blockSize; block < blockCount && (long)block * blockSize < windowEnd; block++)
            {
                int start = block * blockSize;
                int length = Math.Min(blockSize, decodedLength - start);
                if (start < windowStart || start + length > windowEnd)
                {
                    throw new ArgumentOutOfRangeException(nameof(windowStart), $"Window [{windowStart}, {windowEnd}) cuts block {block}; take it from Window().");
                }

                int offset = BinaryPrimitives.ReadInt32LittleEndian(source[(HeaderSize + (4 * block))..]);
                DecodeBlock(source, offset, flags, typeSize, length, length < blockSize, codec, window.Slice(start - windowStart, length), scratch.AsSpan(0, length));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            codec.Dispose();
        }
    }

    static void RequireHeader(ReadOnlySpan<byte> source)
    {
        if (source.Length < HeaderSize)
        {
            throw new InvalidDataException($"Blosc buffer truncated: {source.Length} bytes, shorter than its {HeaderSize}-byte header.");
        }
    }

    /// <summary>Decodes one block: its streams into scratch (or straight into place when unfiltered), then unshuffles.</summary>
    static void DecodeBlock(ReadOnlySpan<byte> source, int offset, BloscFlags flags, int typeSize, int length, bool isLeftover, BlockCodec codec, Span<byte> destination, Span<byte> scratch)
    {
        bool byteShuffled = (flags & BloscFlags.ByteShuffle) != 0 && typeSize > 1;
        bool bitShuffled = !byteShuffled && (flags & BloscFlags.BitShuffle) != 0 && length >= typeSize;
        Span<byte> streams = byteShuffled || bitShuffled ? scratch : destination;

        // The last, shorter block is never split, nor are blocks when the DontSplit flag is set.
        bool split = (flags & BloscFlags.DontSplit) == 0 && typeSize <= MaxSplitTypeSize && length / typeSize >= MinSplitElements && !isLeftover;
        int splitCount = split ? typeSize : 1;
        int splitLength = length / splitCount;
        for (int s = 0; s < splitCount; s++)
        {
            if (offset < HeaderSize || offset > source.Length - 4)
            {
                throw new InvalidDataException($"Blosc stream offset {offset} lies outside the {source.Length}-byte buffer; it is truncated or corrupt.");
            }

            int streamLength = BinaryPrimitives.ReadInt32LittleEndian(source[offset..]);
            offset += 4;
            if (streamLength < 0 || streamLength > source.Length - offset)
            {
                throw new InvalidDataException($"Blosc stream of {streamLength} bytes at offset {offset} runs past the {source.Length}-byte buffer; it is truncated or corrupt.");
            }

            ReadOnlySpan<byte> stream = source.Slice(offset, streamLength);
            Span<byte> output = streams.Slice(s * splitLength, splitLength);

            // A stream exactly as long as its output was stored uncompressed.
            if (streamLength == splitLength)
            {
                stream.CopyTo(output);
            }
            else
            {
                int decoded = codec.Decode(stream, output);
                if (decoded != splitLength)
                {
                    string outcome = decoded < 0 ? "could not be decoded" : $"decoded to {decoded} bytes, expected {splitLength}";
                    throw new InvalidDataException($"Blosc {codec.Name} stream at offset {offset} {outcome}; the chunk is corrupt.");
                }
            }

            offset += streamLength;
        }

        if (byteShuffled)
        {
            BloscShuffle.Unshuffle(typeSize, scratch, destination);
        }
        else if (bitShuffled)
        {
            BloscShuffle.BitUnshuffle(typeSize, scratch, destination);
        }
    }

    /// <summary>The codec of a buffer's streams, chosen by the top three bits of the flags.</summary>
    sealed class BlockCodec : IDisposable
    {
        static readonly string[] Names = ["blosclz", "lz4", "snappy", "zlib", "zstd"];

        readonly Code code;

        Decompressor? zstd;

        BlockCodec(Code code)
        {
            this.code = code;
        }

        enum Code
        {
            BloscLz = 0,
            Lz4 = 1,
            Snappy = 2,
            Zlib = 3,
            Zstd = 4,
        }

        public string Name => Names[(int)this.code];

        public static BlockCodec Create(int code, byte codecVersion)
        {
            if (code >= Names.Length)
            {
                throw new InvalidDataException($"Blosc compressor code {code} is unknown (0–4: blosclz, lz4, snappy, zlib, zstd); the header is corrupt.");
            }

            // Snappy is the one Blosc codec CzPick does not read: rare in tomography, and no numcodecs default.
            if ((Code)code == Code.Snappy)
            {
                throw new InvalidDataException("Blosc compressor snappy is not supported; CzPick reads blosclz, lz4, lz4hc, zlib and zstd. Recompress the store, e.g. with Blosc(cname='zstd').");
            }

            if (codecVersion != 1)
            {
                throw new InvalidDataException($"Blosc {Names[code]} format version {codecVersion}; expected 1.");
            }

            return new BlockCodec((Code)code);
        }

        /// <summary>Decodes one stream.</summary>
        /// <returns>The number of bytes decoded, negative or short when the stream is corrupt.</returns>
        public int Decode(ReadOnlySpan<byte> stream, Span<byte> output)
        {
            switch (this.code)
            {
                case Code.BloscLz:
                    return BloscLz.Decode(stream, output);
                case Code.Lz4:
                    return LZ4Codec.Decode(stream, output);
                case Code.Zlib:
                    return DeflateDecoder.Decode(stream, output, DeflateDecoder.Framing.Zlib);
                default:
                    this.zstd ??= new Decompressor();
                    try
                    {
                        return this.zstd.Unwrap(stream, output);
                    }
                    catch (ZstdException)
                    {
                        return -1;
                    }
            }
        }

        public void Dispose() => this.zstd?.Dispose();
    }
}
