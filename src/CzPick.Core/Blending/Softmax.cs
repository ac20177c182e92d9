using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CzPick.Core.Blending;

/// <summary>
/// Softmax over the channels of every voxel, in place, on channel-slowest data: p_c = exp(l_c − max) / Σ exp(l_k −
/// max), the max subtracted so that no exponential overflows. Vectorized across voxels (Vector512 → 256 → 128 →
/// scalar) and parallel across chunks.
/// </summary>
public static class Softmax
{
    /// <summary>Voxels per parallel chunk: big enough to amortize scheduling, small enough to share two cores.</summary>
    const int ChunkVoxels = 1 << 16;

    /// <summary>Turns logits into probabilities in place.</summary>
    /// <param name="values">channels × voxels values, channel slowest.</param>
    /// <param name="channels">The number of channels.</param>
    /// <param name="voxels">The number of voxels per channel.</param>
    public static void InPlace(float[] values, int channels, long voxels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(voxels);
        if (values.LongLength < channels * voxels)
        {
            throw new ArgumentException($"{channels} channels of {voxels} voxels need {channels * voxels} values, not {values.LongLength}.", nameof(values));
        }

        int chunks = (int)((voxels + ChunkVoxels - 1) / ChunkVoxels);
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * ChunkVoxels;
            int end = (int)Math.Min(voxels, start + (long)ChunkVoxels);
            Chunk(values, channels, (int)voxels, start, end);
        });
    }

    static void Chunk(float[] values, int channels, int stride, int start, int end)
    {
        ref float origin = ref MemoryMarshal.GetArrayDataReference(values);
        int i = start;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i <= end - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> max = Vector512.LoadUnsafe(ref origin, (nuint)i);
                for (int c = 1; c < channels; c++)
                {
                    max = Vector512.Max(max, Vector512.LoadUnsafe(ref origin, (nuint)((c * stride) + i)));
                }

                Vector512<float> sum = Vector512<float>.Zero;
                for (int c = 0; c < channels; c++)
                {
                    nuint at = (nuint)((c * stride) + i);
                    Vector512<float> e = Vector512.Exp(Vector512.LoadUnsafe(ref origin, at) - max);
                    e.StoreUnsafe(ref origin, at);
                    sum += e;
                }

                for (int c = 0; c < channels; c++)
                {
                    nuint at = (nuint)((c * stride) + i);
                    (Vector512.LoadUnsafe(ref origin, at) / sum).StoreUnsafe(ref origin, at);
                }
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= end - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                Vector256<float> max = Vector256.LoadUnsafe(ref origin, (nuint)i);
                for (int c = 1; c < channels; c++)
                {
                    max = Vector256.Max(max, Vector256.LoadUnsafe(ref origin, (nuint)((c * stride) + i)));
                }

                Vector256<float> sum = Vector256<float>.Zero;
                for (int c = 0; c < channels; c++)
                {
                    nuint at = (nuint)((c * stride) + i);
                    Vector256<float> e = Vector256.Exp(Vector256.LoadUnsafe(ref origin, at) - max);
                    e.StoreUnsafe(ref origin, at);
                    sum += e;
                }

                for (int c = 0; c < channels; c++)
                {
                    nuint at = (nuint)((c * stride) + i);
                    (Vector256.LoadUnsafe(ref origin, at) / sum).StoreUnsafe(ref origin, at);
                }
            }
        }

        if (Vector128.IsHardwareAccelerated)
        {
            for (; i <= end - Vector128<float>.Count; i += Vector128<float>.Count)
            {
                Vector128<float> max = Vector128.LoadUnsafe(ref origin, (nuint)i);
                for (int c = 1; c < channels; c++)
                {
                    max = Vector128.Max(max, Vector128.LoadUnsafe(ref origin, (nuint)((c * stride) + i)));
                }

                Vector128<float> sum = Vector128<float>.Zero;
                for (int c = 0; c < channels; c++)
                {
                    nuint at = (nuint)((c * stride) + i);
                    Vector128<float> e = Vector128.Exp(Vector128.LoadUnsafe(ref origin, at) - max);
                    e.StoreUnsafe(ref origin, at);
                    sum += e;
                }

                for (int c = 0; c < channels; c++)
                {
                    nuint at = (nuint)((c * stride) + i);
                    (Vector128.LoadUnsafe(ref origin, at) / sum).StoreUnsafe(ref origin, at);
                }
            }
        }

        for (; i < end; i++)
        {
            Scalar(ref origin, channels, stride, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Scalar(ref float origin, int channels, int stride, int i)
    {
        float max = Unsafe.Add(ref origin, i);
        for (int c = 1; c < channels; c++)
        {
            max = MathF.Max(max, Unsafe.Add(ref origin, (c * stride) + i));
        }

        float sum = 0;
        for (int c = 0; c < channels; c++)
        {
            ref float value = ref Unsafe.Add(ref origin, (c * stride) + i);
            value = MathF.Exp(value - max);
            sum += value;
        }

        for (int c = 0; c < channels; c++)
        {
            Unsafe.Add(ref origin, (c * stride) + i) /= sum;
        }
    }
}
