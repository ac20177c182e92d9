using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>Converts stored MRC elements to float32 and back, vectorized by TensorPrimitives.</summary>
static class MrcElements
{
    /// <summary>Converts stored elements to float32.</summary>
    /// <param name="stored">The elements as read; swapped in place when the file's byte order is not this machine's.</param>
    /// <param name="mode">The file's mode; readable.</param>
    /// <param name="swap">Whether the elements are in the other byte order.</param>
    /// <param name="destination">Receives stored.Length / element size values.</param>
    public static void ToSingle(Span<byte> stored, MrcMode mode, bool swap, Span<float> destination)
    {
        switch (mode)
        {
            case MrcMode.Int8:
                TensorPrimitives.ConvertChecked<sbyte, float>(MemoryMarshal.Cast<byte, sbyte>(stored), destination);
                break;
            case MrcMode.Int16:
                TensorPrimitives.ConvertChecked<short, float>(Swapped(MemoryMarshal.Cast<byte, short>(stored), swap), destination);
                break;
            case MrcMode.UInt16:
                TensorPrimitives.ConvertChecked<ushort, float>(Swapped(MemoryMarshal.Cast<byte, ushort>(stored), swap), destination);
                break;
            case MrcMode.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<ushort, Half>(Swapped(MemoryMarshal.Cast<byte, ushort>(stored), swap)), destination);
                break;
            case MrcMode.Float32:
                MemoryMarshal.Cast<int, float>(Swapped(MemoryMarshal.Cast<byte, int>(stored), swap)).CopyTo(destination);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Mode {(int)mode} has no real element type.");
        }
    }

    /// <summary>Swaps float32 values read straight into their destination from a file of the other byte order.</summary>
    /// <param name="values">The values, swapped in place.</param>
    public static void SwapInPlace(Span<float> values)
    {
        Swapped(MemoryMarshal.Cast<float, int>(values), swap: true);
    }

    /// <summary>
    /// Converts float32 values to a mode's little-endian elements: rounded to the nearest integer (ties to even) for
    /// the integer modes, to the nearest float16 for mode 12. A value the mode cannot hold is refused, never clamped.
    /// </summary>
    /// <param name="values">The values to store.</param>
    /// <param name="mode">The mode to store them in; readable.</param>
    /// <param name="destination">Receives values.Length × element size bytes.</param>
    /// <param name="scratch">Room for values.Length floats, used by the modes that change the values.</param>
    /// <returns>The values as they will read back, for the header statistics: the input itself for float32.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is NaN (integer modes) or outside the mode's range.</exception>
    public static ReadOnlySpan<float> FromSingle(ReadOnlySpan<float> values, MrcMode mode, Span<byte> destination, Span<float> scratch)
    {
        Span<float> stored = scratch[..values.Length];
        switch (mode)
        {
            case MrcMode.Float32:
                MemoryMarshal.AsBytes(values).CopyTo(destination);
                return values;
            case MrcMode.Float16:
                Span<Half> halves = MemoryMarshal.Cast<byte, Half>(destination);
                TensorPrimitives.ConvertToHalf(values, halves);
                TensorPrimitives.ConvertToSingle(halves, stored);
                if (!float.IsFinite(TensorPrimitives.MaxMagnitude(stored)) && float.IsFinite(TensorPrimitives.MaxMagnitude(values)))
                {
                    throw new ArgumentOutOfRangeException(nameof(values), $"A value is beyond ±{(float)Half.MaxValue}, the range of mode 12 (float16).");
                }

                return stored;
            case MrcMode.Int8:
                RoundInRange(values, stored, sbyte.MinValue, sbyte.MaxValue, mode);
                TensorPrimitives.ConvertTruncating<float, sbyte>(stored, MemoryMarshal.Cast<byte, sbyte>(destination));
                return stored;
            case MrcMode.Int16:
                RoundInRange(values, stored, short.MinValue, short.MaxValue, mode);
                TensorPrimitives.ConvertTruncating<float, short>(stored, MemoryMarshal.Cast<byte, short>(destination));
                return stored;
            case MrcMode.UInt16:
                RoundInRange(values, stored, ushort.MinValue, ushort.MaxValue, mode);
                TensorPrimitives.ConvertTruncating<float, ushort>(stored, MemoryMarshal.Cast<byte, ushort>(destination));
                return stored;
            default:
                throw new ArgumentOutOfRangeException(nameof(mode), mode, $"Mode {(int)mode} cannot be written: write {MrcModes.ReadableList}.");
        }
    }

    static Span<short> Swapped(Span<short> elements, bool swap)
    {
        if (swap)
        {
            BinaryPrimitives.ReverseEndianness(elements, elements);
        }

        return elements;
    }

    static Span<ushort> Swapped(Span<ushort> elements, bool swap)
    {
        if (swap)
        {
            BinaryPrimitives.ReverseEndianness(elements, elements);
        }

        return elements;
    }

    static Span<int> Swapped(Span<int> elements, bool swap)
    {
        if (swap)
        {
            BinaryPrimitives.ReverseEndianness(elements, elements);
        }

        return elements;
    }

    static void RoundInRange(ReadOnlySpan<float> values, Span<float> rounded, float min, float max, MrcMode mode)
    {
        TensorPrimitives.Round(values, rounded);
        float low = TensorPrimitives.Min(rounded);
        float high = TensorPrimitives.Max(rounded);
        if (float.IsNaN(low) || low < min || high > max)
        {
            float bad = float.IsNaN(low) ? float.NaN : low < min ? low : high;
            throw new ArgumentOutOfRangeException(nameof(values), bad, $"Mode {(int)mode} ({MrcModes.ElementTypeName(mode)}) holds {min} to {max}; this value rounds outside it.");
        }
    }
}
