using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CzPick.Core.Geometry;
using CzPick.Core.Picking;

namespace CzPick.Core.Blending;

/// <summary>
/// Softmax over the channels of every voxel, in place, on channel-slowest data: p_c = exp(l_c − max) / Σ exp(l_k −
/// max), the max subtracted so that no exponential overflows. Vectorized across voxels (Vector512 → 256 → 128 →
/// scalar) and parallel across chunks. It can also mark each picked class's foreground (p &gt; threshold) as it
/// stores the probabilities, so the picker never reads the float maps back just to threshold them.
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
        Check(values, channels, voxels);
        int chunks = (int)((voxels + ChunkVoxels - 1) / ChunkVoxels);
        Parallel.For(0, chunks, chunk =>
        {
            int start = chunk * ChunkVoxels;
            int end = (int)Math.Min(voxels, start + (long)ChunkVoxels);
            Range(values, channels, (int)voxels, start, end, []);
        });
    }

    /// <summary>Turns logits into probabilities in place and marks each masked class's voxels above its threshold.</summary>
    /// <param name="values">channels × shape.VoxelCount values, channel slowest.</param>
    /// <param name="channels">The number of channels.</param>
    /// <param name="shape">The voxels' extent.</param>
    /// <param name="masks">Receives the foreground of every picked class; sized and cleared here.</param>
    public static void InPlace(float[] values, int channels, Shape3 shape, ClassMasks masks)
    {
        ArgumentNullException.ThrowIfNull(masks);
        long voxels = shape.VoxelCount;
        Check(values, channels, voxels);
        if (masks.Classes.Any(c => c.Channel >= channels))
        {
            throw new ArgumentException($"A masked channel is beyond the {channels} channels.", nameof(masks));
        }

        masks.Reset(shape);
        int chunks = (int)((voxels + ChunkVoxels - 1) / ChunkVoxels);
        Parallel.For(0, chunks, chunk =>
        {
            // Chunks start on multiples of 64 voxels, so no two chunks share a mask word.
            Target[] targets = [.. masks.Classes.Select(c => new Target(c.Channel, c.Threshold, c.Mask.Bits))];
            int start = chunk * ChunkVoxels;
            int end = (int)Math.Min(voxels, start + (long)ChunkVoxels);
            Range(values, channels, (int)voxels, start, end, targets);
        });
    }

    static void Check(float[] values, int channels, long voxels)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegative(voxels);
        if (values.LongLength < channels * voxels)
        {
            throw new ArgumentException($"{channels} channels of {voxels} voxels need {channels * voxels} values, not {values.LongLength}.", nameof(values));
        }
    }

    /// <summary>Softmax of voxels [start, end), marking each target's voxels above its threshold.</summary>
    static void Range(float[] values, int channels, int stride, int start, int end, Target[] targets)
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

                foreach (Target target in targets)
                {
                    Vector512<float> p = Vector512.LoadUnsafe(ref origin, (nuint)((target.Channel * stride) + i));
                    target.Mark(i, Vector512.GreaterThan(p, Vector512.Create(target.Threshold)).ExtractMostSignificantBits());
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

                foreach (Target target in targets)
                {
                    Vector256<float> p = Vector256.LoadUnsafe(ref origin, (nuint)((target.Channel * stride) + i));
                    target.Mark(i, Vector256.GreaterThan(p, Vector256.Create(target.Threshold)).ExtractMostSignificantBits());
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

                foreach (Target target in targets)
                {
                    Vector128<float> p = Vector128.LoadUnsafe(ref origin, (nuint)((target.Channel * stride) + i));
                    target.Mark(i, Vector128.GreaterThan(p, Vector128.Create(target.Threshold)).ExtractMostSignificantBits());
                }
            }
        }

        for (; i < end; i++)
        {
            Scalar(ref origin, channels, stride, i);
            foreach (Target target in targets)
            {
                target.Mark(i, Unsafe.Add(ref origin, (target.Channel * stride) + i) > target.Threshold ? 1UL : 0UL);
            }
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

        // The vector exponential on one lane: every voxel gets bit-identical probabilities whichever tier (or chunk
        // boundary) it falls on, so results never depend on how a volume was cut into blocks.
        float sum = 0;
        for (int c = 0; c < channels; c++)
        {
            ref float value = ref Unsafe.Add(ref origin, (c * stride) + i);
            value = Vector128.Exp(Vector128.CreateScalar(value - max)).ToScalar();
            sum += value;
        }

        for (int c = 0; c < channels; c++)
        {
            Unsafe.Add(ref origin, (c * stride) + i) /= sum;
        }
    }

    /// <summary>One class's mask being filled. Vectors start on multiples of their width, so they never straddle a word.</summary>
    readonly struct Target(int channel, float threshold, ulong[] bits)
    {
        public readonly int Channel = channel;
        public readonly float Threshold = threshold;

        public void Mark(int voxel, ulong vectorBits) => bits[voxel >> 6] |= vectorBits << (voxel & 63);
    }
}
