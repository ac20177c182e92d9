using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CzPick.Inference.Onnx;

/// <summary>
/// Writes the protobuf wire format: varints, fixed32 floats, length-delimited strings, bytes and nested messages.
/// Callers write fields in field-number order, as Google.Protobuf does, so the output is byte-identical to it.
/// </summary>
sealed class ProtobufWriter
{
    const int VarintWireType = 0;
    const int LengthDelimitedWireType = 2;
    const int Fixed32WireType = 5;

    readonly ArrayBufferWriter<byte> buffer = new();

    /// <summary>Gets the bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => this.buffer.WrittenSpan;

    /// <summary>Writes an int32, int64 or enum field; negative values take ten bytes, as protobuf specifies.</summary>
    public void WriteInt64(int field, long value)
    {
        this.WriteTag(field, VarintWireType);
        this.WriteVarint(unchecked((ulong)value));
    }

    /// <summary>Writes a float field as fixed32, little-endian.</summary>
    public void WriteFloat(int field, float value)
    {
        this.WriteTag(field, Fixed32WireType);
        BinaryPrimitives.WriteSingleLittleEndian(this.buffer.GetSpan(4), value);
        this.buffer.Advance(4);
    }

    /// <summary>Writes a string field in UTF-8.</summary>
    public void WriteString(int field, string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        this.WriteTag(field, LengthDelimitedWireType);
        this.WriteVarint((ulong)length);
        Encoding.UTF8.GetBytes(value, this.buffer.GetSpan(length));
        this.buffer.Advance(length);
    }

    /// <summary>Writes a bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        this.WriteTag(field, LengthDelimitedWireType);
        this.WriteVarint((ulong)value.Length);
        this.buffer.Write(value);
    }

    /// <summary>Writes bytes that are already protobuf fields, tags included, as they are: a field copied unparsed.</summary>
    public void WriteRaw(ReadOnlySpan<byte> fields) => this.buffer.Write(fields);

    /// <summary>Writes a nested message: the body is written aside first because its length comes before it.</summary>
    public void WriteMessage<TState>(int field, TState state, Action<ProtobufWriter, TState> writeBody)
    {
        ProtobufWriter body = new();
        writeBody(body, state);
        this.WriteBytes(field, body.WrittenSpan);
    }

    void WriteTag(int field, int wireType) => this.WriteVarint((ulong)((field << 3) | wireType));

    void WriteVarint(ulong value)
    {
        Span<byte> span = this.buffer.GetSpan(10);
        int count = 0;
        while (value >= 0x80)
        {
            span[count++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[count++] = (byte)value;
        this.buffer.Advance(count);
    }
}
