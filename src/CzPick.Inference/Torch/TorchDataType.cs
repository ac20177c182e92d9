namespace CzPick.Inference.Torch;

/// <summary>The element type of a PyTorch storage, named after its legacy storage class (<c>torch.FloatStorage</c>…).</summary>
public enum TorchDataType
{
    /// <summary>float32 (<c>FloatStorage</c>).</summary>
    Float32,

    /// <summary>float16 (<c>HalfStorage</c>).</summary>
    Float16,

    /// <summary>bfloat16 (<c>BFloat16Storage</c>).</summary>
    BFloat16,

    /// <summary>float64 (<c>DoubleStorage</c>).</summary>
    Float64,

    /// <summary>int64 (<c>LongStorage</c>).</summary>
    Int64,

    /// <summary>int32 (<c>IntStorage</c>).</summary>
    Int32,

    /// <summary>int16 (<c>ShortStorage</c>).</summary>
    Int16,

    /// <summary>int8 (<c>CharStorage</c>).</summary>
    Int8,

    /// <summary>uint8 (<c>ByteStorage</c>).</summary>
    UInt8,

    /// <summary>bool (<c>BoolStorage</c>).</summary>
    Bool,
}

/// <summary>Sizes and names of <see cref="TorchDataType"/>.</summary>
static class TorchDataTypes
{
    static readonly Dictionary<string, TorchDataType> ByStorageClass = new(StringComparer.Ordinal)
    {
        ["FloatStorage"] = TorchDataType.Float32,
        ["HalfStorage"] = TorchDataType.Float16,
        ["BFloat16Storage"] = TorchDataType.BFloat16,
        ["DoubleStorage"] = TorchDataType.Float64,
        ["LongStorage"] = TorchDataType.Int64,
        ["IntStorage"] = TorchDataType.Int32,
        ["ShortStorage"] = TorchDataType.Int16,
        ["CharStorage"] = TorchDataType.Int8,
        ["ByteStorage"] = TorchDataType.UInt8,
        ["BoolStorage"] = TorchDataType.Bool,
    };

    /// <summary>Returns the type a storage class (e.g. <c>FloatStorage</c>) holds, or null for an unknown class.</summary>
    public static TorchDataType? FromStorageClass(string name) =>
        ByStorageClass.TryGetValue(name, out TorchDataType type) ? type : null;

    /// <summary>Returns the storage class that holds a type, e.g. <c>FloatStorage</c>.</summary>
    public static string StorageClass(this TorchDataType type) => ByStorageClass.First(pair => pair.Value == type).Key;

    /// <summary>Returns the bytes per element.</summary>
    public static int ElementSize(this TorchDataType type) => type switch
    {
        TorchDataType.Float64 or TorchDataType.Int64 => 8,
        TorchDataType.Float32 or TorchDataType.Int32 => 4,
        TorchDataType.Float16 or TorchDataType.BFloat16 or TorchDataType.Int16 => 2,
        _ => 1,
    };

    /// <summary>Returns whether the type is a floating-point type, the only kind weights come in.</summary>
    public static bool IsFloatingPoint(this TorchDataType type) =>
        type is TorchDataType.Float32 or TorchDataType.Float16 or TorchDataType.BFloat16 or TorchDataType.Float64;
}
