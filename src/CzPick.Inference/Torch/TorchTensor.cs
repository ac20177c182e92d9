using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace CzPick.Inference.Torch;

/// <summary>The raw bytes of one PyTorch storage (<c>archive/data/{key}</c>), little-endian.</summary>
/// <param name="Key">The storage's key in the archive.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Bytes">The elements.</param>
sealed record TorchStorage(string Key, TorchDataType DataType, byte[] Bytes)
{
    /// <summary>Gets the number of elements.</summary>
    public long ElementCount => this.Bytes.LongLength / this.DataType.ElementSize();
}

/// <summary>A tensor read from (or written to) a PyTorch file: a view (offset, shape, strides) of a storage.</summary>
public sealed class TorchTensor
{
    readonly int[] shape;
    readonly long[] strides;

    /// <summary>Initializes a new instance of the <see cref="TorchTensor"/> class; the caller has checked the view fits the storage.</summary>
    internal TorchTensor(TorchStorage storage, long storageOffset, int[] shape, long[] strides)
    {
        this.Storage = storage;
        this.StorageOffset = storageOffset;
        this.shape = shape;
        this.strides = strides;
    }

    /// <summary>Gets the tensor's shape.</summary>
    public IReadOnlyList<int> Shape => this.shape;

    /// <summary>Gets the element type.</summary>
    public TorchDataType DataType => this.Storage.DataType;

    /// <summary>Gets the number of elements.</summary>
    public long ElementCount => this.shape.Aggregate(1L, (product, extent) => product * extent);

    /// <summary>Gets the storage the tensor views.</summary>
    internal TorchStorage Storage { get; }

    /// <summary>Gets the first element's index in the storage.</summary>
    internal long StorageOffset { get; }

    /// <summary>Gets the step in the storage per step along each axis.</summary>
    internal IReadOnlyList<long> Strides => this.strides;

    /// <summary>Returns a contiguous float32 tensor holding a copy of the values.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="values">The values in C order.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="ArgumentException">The value count does not match the shape.</exception>
    public static TorchTensor FromSingles(int[] shape, ReadOnlySpan<float> values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = shape.Aggregate(1L, (product, extent) => product * extent);
        if (count != values.Length)
        {
            throw new ArgumentException($"A tensor of shape {FormatShape(shape)} needs {count} values, not {values.Length}.", nameof(values));
        }

        return new TorchTensor(new TorchStorage("0", TorchDataType.Float32, MemoryMarshal.AsBytes(values).ToArray()), 0, shape, ContiguousStrides(shape));
    }

    /// <summary>Returns the shape as PyTorch prints it, e.g. <c>(32, 1, 3, 3, 3)</c>.</summary>
    /// <param name="shape">The shape.</param>
    /// <returns>The text.</returns>
    public static string FormatShape(IReadOnlyList<int> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";

    /// <summary>Returns the values as float32 in C order, converting float16, bfloat16 and float64 and following strides.</summary>
    /// <returns>A new array.</returns>
    /// <exception cref="InvalidOperationException">The tensor does not hold floating-point values.</exception>
    public float[] ToSingles()
    {
        if (!this.DataType.IsFloatingPoint())
        {
            throw new InvalidOperationException($"The tensor holds {this.DataType} values, not floating-point weights.");
        }

        float[] result = new float[this.ElementCount];
        if (this.IsContiguous())
        {
            ConvertRun(this.Storage, this.StorageOffset, result);
            return result;
        }

        // Strided view: walk the indices in C order, carrying like an odometer.
        int rank = this.shape.Length;
        int[] index = new int[rank];
        long position = this.StorageOffset;
        Span<float> one = stackalloc float[1];
        for (long element = 0; element < result.LongLength; element++)
        {
            ConvertRun(this.Storage, position, one);
            result[element] = one[0];
            for (int axis = rank - 1; axis >= 0; axis--)
            {
                position += this.strides[axis];
                if (++index[axis] < this.shape[axis])
                {
                    break;
                }

                position -= this.strides[axis] * this.shape[axis];
                index[axis] = 0;
            }
        }

        return result;
    }

    /// <summary>Returns the strides of a C-order tensor of the shape.</summary>
    internal static long[] ContiguousStrides(IReadOnlyList<int> shape)
    {
        long[] strides = new long[shape.Count];
        long step = 1;
        for (int axis = shape.Count - 1; axis >= 0; axis--)
        {
            strides[axis] = step;
            step *= shape[axis];
        }

        return strides;
    }

    static void ConvertRun(TorchStorage storage, long start, Span<float> destination)
    {
        int size = storage.DataType.ElementSize();
        ReadOnlySpan<byte> bytes = storage.Bytes.AsSpan(checked((int)(start * size)), destination.Length * size);
        switch (storage.DataType)
        {
            case TorchDataType.Float32:
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(destination);
                break;
            case TorchDataType.Float16:
                for (int index = 0; index < destination.Length; index++)
                {
                    destination[index] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * index)..]);
                }

                break;
            case TorchDataType.BFloat16:
                for (int index = 0; index < destination.Length; index++)
                {
                    // bfloat16 is the top half of a float32.
                    destination[index] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(2 * index)..]) << 16);
                }

                break;
            case TorchDataType.Float64:
                for (int index = 0; index < destination.Length; index++)
                {
                    destination[index] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * index)..]);
                }

                break;
            default:
                throw new InvalidOperationException($"No float conversion for {storage.DataType}.");
        }
    }

    bool IsContiguous()
    {
        long[] contiguous = ContiguousStrides(this.shape);
        for (int axis = 0; axis < this.shape.Length; axis++)
        {
            // A stride along an axis of extent 1 never moves, so any value is contiguous there.
            if (this.shape[axis] != 1 && this.strides[axis] != contiguous[axis])
            {
                return false;
            }
        }

        return true;
    }
}
