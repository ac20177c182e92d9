using System.Buffers.Binary;
using CzPick.Core.Volumes.Zarr.Blosc;

namespace CzPick.Core.Tests.Volumes.Zarr.Blosc;

public sealed class BloscDecoderTests
{
    /// <summary>One 82,212-byte chunk: a split 64 KiB block and a 16,676-byte leftover block.</summary>
    static byte[] LargeChunk => File.ReadAllBytes(ZarrFixtures.Path(Path.Combine("blosc-lz4-shuffle-large.zarr", "0.0.0")));

    [Fact]
    public void Window_RangeInTheSecondBlock_ThatBlockOnly()
    {
        Assert.Equal((65_536, 82_212), BloscDecoder.Window(LargeChunk, 70_000, 70_100));
        Assert.Equal((0, 82_212), BloscDecoder.Window(LargeChunk, 65_535, 65_537));
        Assert.Equal((0, 65_536), BloscDecoder.Window(LargeChunk, 0, 1));
    }

    [Fact]
    public void Decode_WindowOfTheSecondBlock_SameBytesAsTheWholeChunk()
    {
        byte[] chunk = LargeChunk;
        byte[] whole = new byte[82_212];
        BloscDecoder.Decode(chunk, whole.Length, whole, 0);
        byte[] window = new byte[82_212 - 65_536];

        BloscDecoder.Decode(chunk, whole.Length, window, 65_536);

        Assert.Equal(whole[65_536..], window);
    }

    [Fact]
    public void Decode_WindowCuttingABlock_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BloscDecoder.Decode(LargeChunk, 82_212, new byte[100], 70_000));
    }

    [Theory]
    [InlineData("blosc-lz4-shuffle-large.zarr")]
    [InlineData("blosc-blosclz-bitshuffle-large.zarr")]
    [InlineData("blosc-zstd-bitshuffle.zarr")]
    [InlineData("blosc-zlib-shuffle.zarr")]
    [InlineData("blosc-blosclz-noshuffle.zarr")]
    public void Decode_RandomlyCorruptedChunks_ErrorOrBytesNeverACrash(string store)
    {
        byte[] original = File.ReadAllBytes(ZarrFixtures.Path(Path.Combine(store, "0.0.0")));
        int length = BinaryPrimitives.ReadInt32LittleEndian(original.AsSpan(4));
        Random random = new(store.Length);
        for (int trial = 0; trial < 300; trial++)
        {
            byte[] chunk = (byte[])original.Clone();
            for (int flips = random.Next(1, 6); flips > 0; flips--)
            {
                // Mostly the header and block offsets, where a wrong value steers the decoder, sometimes the data.
                int position = random.Next(4) == 0 ? random.Next(chunk.Length) : random.Next(Math.Min(chunk.Length, 64));
                chunk[position] = (byte)random.Next(256);
            }

            try
            {
                BloscDecoder.Decode(chunk, length, new byte[length], 0);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    [Fact]
    public void Decode_ReservedFlag_SaysCorrupt()
    {
        byte[] chunk = LargeChunk;
        chunk[2] |= 0x08;

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => BloscDecoder.Decode(chunk, 82_212, new byte[82_212], 0));

        Assert.Equal("Blosc header flags 0x29 set the reserved bit 0x08; the header is corrupt.", error.Message);
    }

    [Fact]
    public void Decode_UnknownCompressorCode_SaysCorrupt()
    {
        byte[] chunk = LargeChunk;
        chunk[2] = (byte)((chunk[2] & 0x1F) | (6 << 5));

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => BloscDecoder.Decode(chunk, 82_212, new byte[82_212], 0));

        Assert.Equal("Blosc compressor code 6 is unknown (0–4: blosclz, lz4, snappy, zlib, zstd); the header is corrupt.", error.Message);
    }

    [Fact]
    public void Decode_BlockOffsetOutsideTheBuffer_SaysCorrupt()
    {
        byte[] chunk = LargeChunk;
        BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(20), chunk.Length + 5);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => BloscDecoder.Decode(chunk, 82_212, new byte[82_212], 0));

        Assert.Equal($"Blosc stream offset {chunk.Length + 5} lies outside the {chunk.Length}-byte buffer; it is truncated or corrupt.", error.Message);
    }

    [Fact]
    public void Decode_ShorterThanTheHeader_SaysTruncated()
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => BloscDecoder.Decode(LargeChunk[..10], 82_212, new byte[82_212], 0));

        Assert.Equal("Blosc buffer truncated: 10 bytes, shorter than its 16-byte header.", error.Message);
    }

    [Fact]
    public void Decode_CorruptLz4Stream_SaysWhichStream()
    {
        byte[] chunk = LargeChunk;

        // The first split stream of block 0 starts after the header and two block offsets, behind its 4-byte size.
        int offset = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(16));
        int length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(offset));
        Assert.NotEqual(16_384, length);
        chunk.AsSpan(offset + 4, length).Fill(0xFF);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => BloscDecoder.Decode(chunk, 82_212, new byte[82_212], 0));

        Assert.StartsWith($"Blosc lz4 stream at offset {offset + 4} ", error.Message);
        Assert.EndsWith("; the chunk is corrupt.", error.Message);
    }
}
