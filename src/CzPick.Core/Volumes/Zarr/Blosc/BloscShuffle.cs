using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CzPick.Core.Volumes.Zarr.Blosc;

/// <summary>
/// Undoes Blosc's two filters on one block: the byte shuffle (byte j of every element stored together) and the bit
/// shuffle (bit b of byte j of every element stored together), with c-blosc's handling of the bytes that do not fill
/// a whole element or a group of eight elements.
/// </summary>
static class BloscShuffle
{
    /// <summary>Undoes the byte shuffle: byte j of element i comes from plane j, position i.</summary>
    /// <param name="typeSize">The element size in bytes.</param>
    /// <param name="source">The shuffled block.</param>
    /// <param name="destination">Receives the block in element order; as long as the source.</param>
    public static void Unshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int elements = source.Length / typeSize;
        int whole = elements * typeSize;
        if (typeSize == 4)
        {
            Unshuffle4(source, destination, elements);
        }
        else
        {
            for (int j = 0; j < typeSize; j++)
            {
                ReadOnlySpan<byte> plane = source.Slice(j * elements, elements);
                for (int i = 0; i < elements; i++)
                {
                    destination[(i * typeSize) + j] = plane[i];
                }
            }
        }

        // The bytes past the last whole element were stored as they were.
        source[whole..].CopyTo(destination[whole..]);
    }

    /// <summary>
    /// Undoes the bit shuffle. As in c-blosc, a block whose element count is not a multiple of eight was stored as
    /// it was, and so were the bytes past the last whole element.
    /// </summary>
    /// <param name="typeSize">The element size in bytes.</param>
    /// <param name="source">The bit-shuffled block.</param>
    /// <param name="destination">Receives the block in element order; as long as the source.</param>
    public static void BitUnshuffle(int typeSize, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        int elements = source.Length / typeSize;
        if (elements % 8 != 0)
        {
            source.CopyTo(destination);
            return;
        }

        // The shuffled block holds 8 × typeSize bit rows of elements / 8 bytes: row (8j + b) carries bit b of byte j
        // of every element, element i at bit i % 8 of byte i / 8. Eight rows of one byte column form an 8×8 bit
        // matrix whose transpose is byte j of eight consecutive elements.
        int rowLength = elements / 8;
        for (int j = 0; j < typeSize; j++)
        {
            ReadOnlySpan<byte> rows = source.Slice(j * 8 * rowLength, 8 * rowLength);
            for (int group = 0; group < rowLength; group++)
            {
                ulong matrix = 0;
                for (int bit = 0; bit < 8; bit++)
                {
                    matrix |= (ulong)rows[(bit * rowLength) + group] << (8 * bit);
                }

                matrix = TransposeBits(matrix);
                int first = group * 8 * typeSize;
                for (int element = 0; element < 8; element++)
                {
                    destination[first + (element * typeSize) + j] = (byte)(matrix >> (8 * element));
                }
            }
        }

        int whole = elements * typeSize;
        source[whole..].CopyTo(destination[whole..]);
    }

    /// <summary>Transposes an 8×8 bit matrix held one row per byte: bit c of byte r moves to bit r of byte c.</summary>
    /// <param name="matrix">Row r in byte r (least significant byte first).</param>
    /// <returns>The transposed matrix.</returns>
    internal static ulong TransposeBits(ulong matrix)
    {
        // Hacker's Delight §7-3: swap ever larger sub-blocks across the diagonal, 1×1 within 2×2, 2×2 within 4×4,
        // then the 4×4 quadrants.
        ulong t = (matrix ^ (matrix >> 7)) & 0x00AA00AA00AA00AAUL;
        matrix ^= t ^ (t << 7);
        t = (matrix ^ (matrix >> 14)) & 0x0000CCCC0000CCCCUL;
        matrix ^= t ^ (t << 14);
        t = (matrix ^ (matrix >> 28)) & 0x00000000F0F0F0F0UL;
        matrix ^= t ^ (t << 28);
        return matrix;
    }

    /// <summary>Byte unshuffle of 4-byte elements, the data portal's float32 case, 16 elements per step.</summary>
    static void Unshuffle4(ReadOnlySpan<byte> source, Span<byte> destination, int elements)
    {
        ReadOnlySpan<byte> plane0 = source[..elements];
        ReadOnlySpan<byte> plane1 = source.Slice(elements, elements);
        ReadOnlySpan<byte> plane2 = source.Slice(2 * elements, elements);
        ReadOnlySpan<byte> plane3 = source.Slice(3 * elements, elements);
        int i = 0;
        if (Sse2.IsSupported)
        {
            for (; i + 16 <= elements; i += 16)
            {
                Vector128<byte> b0 = Vector128.Create(plane0.Slice(i, 16));
                Vector128<byte> b1 = Vector128.Create(plane1.Slice(i, 16));
                Vector128<byte> b2 = Vector128.Create(plane2.Slice(i, 16));
                Vector128<byte> b3 = Vector128.Create(plane3.Slice(i, 16));

                // Interleave bytes 0/1 and 2/3 into 16-bit pairs, then the pairs into whole elements.
                Vector128<ushort> low01 = Sse2.UnpackLow(b0, b1).AsUInt16();
                Vector128<ushort> high01 = Sse2.UnpackHigh(b0, b1).AsUInt16();
                Vector128<ushort> low23 = Sse2.UnpackLow(b2, b3).AsUInt16();
                Vector128<ushort> high23 = Sse2.UnpackHigh(b2, b3).AsUInt16();
                Span<byte> output = destination.Slice(i * 4, 64);
                Sse2.UnpackLow(low01, low23).AsByte().CopyTo(output);
                Sse2.UnpackHigh(low01, low23).AsByte().CopyTo(output[16..]);
                Sse2.UnpackLow(high01, high23).AsByte().CopyTo(output[32..]);
                Sse2.UnpackHigh(high01, high23).AsByte().CopyTo(output[48..]);
            }
        }

        for (; i < elements; i++)
        {
            uint value = plane0[i] | ((uint)plane1[i] << 8) | ((uint)plane2[i] << 16) | ((uint)plane3[i] << 24);
            BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(i * 4, 4), value);
        }
    }
}
