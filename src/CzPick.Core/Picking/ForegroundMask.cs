using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CzPick.Core.Geometry;

namespace CzPick.Core.Picking;

/// <summary>
/// One bit per voxel, set where a class's probability is above its threshold: voxel i (C order) is bit i % 64 of
/// word i / 64. A picker scanning this reads 1/32 of the memory a float map needs, and skips a word of 64 background
/// voxels with one test.
/// </summary>
sealed class ForegroundMask
{
    ulong[] bits = [];

    /// <summary>Gets the extent.</summary>
    public Shape3 Shape { get; private set; }

    /// <summary>Gets the words; voxel i is bit i % 64 of word i / 64.</summary>
    public ulong[] Bits => this.bits;

    /// <summary>Sizes the mask for an extent, reusing its memory when large enough, and clears it.</summary>
    /// <param name="shape">The extent.</param>
    public void Reset(Shape3 shape)
    {
        this.Shape = shape;
        long words = (shape.VoxelCount + 63) / 64;
        if (this.bits.LongLength < words)
        {
            this.bits = new ulong[checked((int)words)];
        }
        else
        {
            Array.Clear(this.bits, 0, (int)words);
        }
    }

    /// <summary>Marks the voxels of a map above a threshold (NaN is below), 64 voxels per step.</summary>
    /// <param name="values">The map, C order, shape.VoxelCount long from offset.</param>
    /// <param name="offset">Where the map starts in values.</param>
    /// <param name="shape">The map's extent.</param>
    /// <param name="threshold">The threshold.</param>
    public void Threshold(float[] values, long offset, Shape3 shape, float threshold)
    {
        this.Reset(shape);
        long voxels = shape.VoxelCount;
        int words = (int)((voxels + 63) / 64);
        const int WordsPerTask = 1024;
        Parallel.For(0, (words + WordsPerTask - 1) / WordsPerTask, task =>
        {
            int end = Math.Min(words, (task + 1) * WordsPerTask);
            for (int w = task * WordsPerTask; w < end; w++)
            {
                long first = (long)w * 64;
                int count = (int)Math.Min(64, voxels - first);
                this.bits[w] = Above(values.AsSpan(checked((int)(offset + first)), count), threshold);
            }
        });
    }

    /// <summary>Returns a bit per value (at most 64): set where the value is above the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static ulong Above(ReadOnlySpan<float> values, float threshold)
    {
        ref float first = ref MemoryMarshal.GetReference(values);
        if (values.Length == 64 && Vector512.IsHardwareAccelerated)
        {
            Vector512<float> t = Vector512.Create(threshold);
            return Vector512.GreaterThan(Vector512.LoadUnsafe(ref first), t).ExtractMostSignificantBits()
                | (Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, 16), t).ExtractMostSignificantBits() << 16)
                | (Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, 32), t).ExtractMostSignificantBits() << 32)
                | (Vector512.GreaterThan(Vector512.LoadUnsafe(ref first, 48), t).ExtractMostSignificantBits() << 48);
        }

        if (values.Length == 64 && Vector256.IsHardwareAccelerated)
        {
            Vector256<float> t = Vector256.Create(threshold);
            ulong bits = 0;
            for (int i = 0; i < 8; i++)
            {
                bits |= (ulong)Vector256.GreaterThan(Vector256.LoadUnsafe(ref first, (nuint)(i * 8)), t).ExtractMostSignificantBits() << (i * 8);
            }

            return bits;
        }

        ulong scalar = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > threshold)
            {
                scalar |= 1UL << i;
            }
        }

        return scalar;
    }
}
