using CzPick.Core.Volumes.Zarr.Blosc;

namespace CzPick.Core.Tests.Volumes.Zarr.Blosc;

public sealed class BloscShuffleTests
{
    [Theory]
    [InlineData(2, 100, 0)]
    [InlineData(4, 37, 3)]
    [InlineData(4, 1000, 0)]
    [InlineData(3, 50, 2)]
    public void Unshuffle_ShuffledByDefinition_GivesTheElementsBack(int typeSize, int elements, int extraBytes)
    {
        byte[] original = RandomBytes((elements * typeSize) + extraBytes, seed: elements);
        byte[] shuffled = new byte[original.Length];
        for (int i = 0; i < elements; i++)
        {
            for (int j = 0; j < typeSize; j++)
            {
                shuffled[(j * elements) + i] = original[(i * typeSize) + j];
            }
        }

        original.AsSpan(elements * typeSize).CopyTo(shuffled.AsSpan(elements * typeSize));
        byte[] output = new byte[original.Length];

        BloscShuffle.Unshuffle(typeSize, shuffled, output);

        Assert.Equal(original, output);
    }

    [Theory]
    [InlineData(1, 64, 0)]
    [InlineData(2, 24, 1)]
    [InlineData(4, 128, 3)]
    [InlineData(4, 8, 0)]
    public void BitUnshuffle_BitShuffledByDefinition_GivesTheElementsBack(int typeSize, int elements, int extraBytes)
    {
        // Bit b of byte j of element i is stored in bit row 8j + b, at bit i % 8 of that row's byte i / 8.
        byte[] original = RandomBytes((elements * typeSize) + extraBytes, seed: elements + typeSize);
        byte[] shuffled = new byte[original.Length];
        int rowLength = elements / 8;
        for (int i = 0; i < elements; i++)
        {
            for (int j = 0; j < typeSize; j++)
            {
                for (int b = 0; b < 8; b++)
                {
                    int bit = (original[(i * typeSize) + j] >> b) & 1;
                    shuffled[((j * 8) + b) * rowLength + (i / 8)] |= (byte)(bit << (i % 8));
                }
            }
        }

        original.AsSpan(elements * typeSize).CopyTo(shuffled.AsSpan(elements * typeSize));
        byte[] output = new byte[original.Length];

        BloscShuffle.BitUnshuffle(typeSize, shuffled, output);

        Assert.Equal(original, output);
    }

    [Fact]
    public void BitUnshuffle_ElementCountNotAMultipleOf8_CopiesAsIs()
    {
        byte[] block = RandomBytes(4 * 13, seed: 3);
        byte[] output = new byte[block.Length];

        BloscShuffle.BitUnshuffle(4, block, output);

        Assert.Equal(block, output);
    }

    [Fact]
    public void TransposeBits_OneBit_MovesAcrossTheDiagonal()
    {
        // Bit 3 of byte 1 → bit 1 of byte 3.
        Assert.Equal(1UL << ((3 * 8) + 1), BloscShuffle.TransposeBits(1UL << ((1 * 8) + 3)));
    }

    [Fact]
    public void TransposeBits_Twice_IsIdentity()
    {
        Random random = new(5);
        for (int i = 0; i < 100; i++)
        {
            ulong matrix = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
            Assert.Equal(matrix, BloscShuffle.TransposeBits(BloscShuffle.TransposeBits(matrix)));
        }
    }

    static byte[] RandomBytes(int length, int seed)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
