using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CzPick.Core.Volumes.Zarr;

/// <summary>
/// A Zarr v2 array's element type (a numpy dtype string such as "&lt;f4"), and its conversion to float32.
/// </summary>
sealed class ZarrDataType
{
    /// <summary>The dtypes CzPick reads, for messages; each multi-byte type in either byte order.</summary>
    public const string Supported = "<f4, <f2, <i2, <u2, |i1, |u1 (and > for big-endian)";

    ZarrDataType(string dtype, Kind kind, bool bigEndian)
    {
        this.Dtype = dtype;
        this.ElementKind = kind;
        this.IsBigEndian = bigEndian;
    }

    /// <summary>The element kinds tomograms are stored in: MRC's modes 0, 1, 2, 6 and 12, plus uint8.</summary>
    public enum Kind
    {
        /// <summary>Signed bytes.</summary>
        Int8,

        /// <summary>Unsigned bytes.</summary>
        UInt8,

        /// <summary>Signed 16-bit integers.</summary>
        Int16,

        /// <summary>Unsigned 16-bit integers.</summary>
        UInt16,

        /// <summary>IEEE half precision.</summary>
        Float16,

        /// <summary>IEEE single precision.</summary>
        Float32,
    }

    /// <summary>Gets the dtype string as the .zarray writes it.</summary>
    public string Dtype { get; }

    /// <summary>Gets the element kind.</summary>
    public Kind ElementKind { get; }

    /// <summary>Gets a value indicating whether multi-byte elements are stored most significant byte first.</summary>
    public bool IsBigEndian { get; }

    /// <summary>Gets the element size in bytes.</summary>
    public int Size => this.ElementKind switch
    {
        Kind.Int8 or Kind.UInt8 => 1,
        Kind.Int16 or Kind.UInt16 or Kind.Float16 => 2,
        _ => 4,
    };

    /// <summary>Gets the type's name as <see cref="VolumeInfo.ElementType"/> reports it, e.g. "float32".</summary>
    public string Name => this.ElementKind.ToString().ToLowerInvariant() + (this.IsBigEndian ? " (big-endian)" : string.Empty);

    /// <summary>Parses a numpy dtype string.</summary>
    /// <param name="dtype">For example "&lt;f4" or "|i1".</param>
    /// <returns>The type.</returns>
    /// <exception cref="InvalidDataException">The dtype is not one CzPick reads.</exception>
    public static ZarrDataType Parse(string dtype)
    {
        Kind? kind = dtype.Length == 3 ? dtype[1..] switch
        {
            "i1" => Kind.Int8,
            "u1" => Kind.UInt8,
            "i2" => Kind.Int16,
            "u2" => Kind.UInt16,
            "f2" => Kind.Float16,
            "f4" => Kind.Float32,
            _ => null,
        } : null;

        // numpy writes "|" for single bytes, where order does not apply, but "<u1" is valid too.
        bool validOrder = dtype.Length == 3 && (dtype[0] is '<' or '>' || (dtype[0] == '|' && dtype[2] == '1'));
        if (kind is null || !validOrder)
        {
            throw new InvalidDataException($"dtype \"{dtype}\" is not supported; CzPick reads {Supported}.");
        }

        return new ZarrDataType(dtype, kind.Value, dtype[0] == '>' && dtype[2] != '1');
    }

    /// <summary>Reads a .zarray's <c>fill_value</c>: the value of voxels in chunks that were never written.</summary>
    /// <param name="fillValue">A number, "NaN", "Infinity", "-Infinity", or null.</param>
    /// <returns>The value as float32; null (zarr's "uninitialized") reads as 0.</returns>
    /// <exception cref="InvalidDataException">The value is not one of those.</exception>
    public float ParseFillValue(JsonElement fillValue) => fillValue.ValueKind switch
    {
        JsonValueKind.Null => 0f,
        JsonValueKind.Number => (float)fillValue.GetDouble(),
        JsonValueKind.String when fillValue.GetString() is "NaN" => float.NaN,
        JsonValueKind.String when fillValue.GetString() is "Infinity" => float.PositiveInfinity,
        JsonValueKind.String when fillValue.GetString() is "-Infinity" => float.NegativeInfinity,
        _ => throw new InvalidDataException($"fill_value {fillValue.GetRawText()} is not a number, \"NaN\", \"Infinity\", \"-Infinity\" or null."),
    };

    /// <summary>Converts stored elements to float32, exactly (every supported type fits a float32's mantissa).</summary>
    /// <param name="source">The stored bytes: destination.Length elements.</param>
    /// <param name="destination">Receives the values.</param>
    public void ToSingle(ReadOnlySpan<byte> source, Span<float> destination)
    {
        switch (this.ElementKind)
        {
            case Kind.Int8:
                TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, sbyte>(source), destination);
                break;
            case Kind.UInt8:
                TensorPrimitives.ConvertTruncating(source, destination);
                break;
            case Kind.Int16 when this.IsBigEndian:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16BigEndian(source[(2 * i)..]);
                }

                break;
            case Kind.Int16:
                TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, short>(source), destination);
                break;
            case Kind.UInt16 when this.IsBigEndian:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadUInt16BigEndian(source[(2 * i)..]);
                }

                break;
            case Kind.UInt16:
                TensorPrimitives.ConvertTruncating(MemoryMarshal.Cast<byte, ushort>(source), destination);
                break;
            case Kind.Float16 when this.IsBigEndian:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)BinaryPrimitives.ReadHalfBigEndian(source[(2 * i)..]);
                }

                break;
            case Kind.Float16:
                TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<byte, Half>(source), destination);
                break;
            case Kind.Float32 when this.IsBigEndian:
                for (int i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadSingleBigEndian(source[(4 * i)..]);
                }

                break;
            default:
                MemoryMarshal.Cast<byte, float>(source).CopyTo(destination);
                break;
        }
    }

    /// <inheritdoc/>
    public override string ToString() => this.Dtype;
}
