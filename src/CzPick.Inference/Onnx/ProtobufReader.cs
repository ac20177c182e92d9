using System.Text;

namespace CzPick.Inference.Onnx;

/// <summary>
/// Reads the protobuf wire format field by field: enough to walk an ONNX model, keep what it needs and copy the rest
/// unparsed. Malformed input (a truncated varint or length, a group, an unknown wire type) throws
/// <see cref="InvalidDataException"/> with the byte offset.
/// </summary>
ref struct ProtobufReader(ReadOnlySpan<byte> buffer)
{
    /// <summary>The wire type of varints (int32, int64, enums, bools).</summary>
    public const int VarintWireType = 0;

    /// <summary>The wire type of strings, bytes, nested messages and packed repeated fields.</summary>
    public const int LengthDelimitedWireType = 2;

    const int Fixed64WireType = 1;
    const int Fixed32WireType = 5;

    readonly ReadOnlySpan<byte> buffer = buffer;
    int position;

    /// <summary>Gets a value indicating whether every byte has been read.</summary>
    public readonly bool End => this.position >= this.buffer.Length;

    /// <summary>Reads the next field's tag.</summary>
    /// <returns>The field number and wire type.</returns>
    public (int Field, int WireType) ReadTag()
    {
        int at = this.position;
        ulong tag = this.ReadVarint();
        int field = (int)(tag >> 3);
        if (field <= 0 || tag >> 3 > int.MaxValue)
        {
            throw new InvalidDataException($"Field number {tag >> 3} at byte {at} is not a valid protobuf field number.");
        }

        return (field, (int)(tag & 7));
    }

    /// <summary>Reads a varint.</summary>
    /// <returns>The value's 64 bits.</returns>
    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (this.End)
            {
                throw new InvalidDataException($"The varint at byte {this.position} runs past the end of the message.");
            }

            byte next = this.buffer[this.position++];
            value |= (ulong)(next & 0x7F) << shift;
            if (next < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException($"The varint ending at byte {this.position} is longer than ten bytes.");
    }

    /// <summary>Reads a length-delimited field's payload.</summary>
    /// <returns>The payload, a view of the buffer.</returns>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        int at = this.position;
        ulong length = this.ReadVarint();
        if (length > (ulong)(this.buffer.Length - this.position))
        {
            throw new InvalidDataException($"The field at byte {at} claims {length} bytes but only {this.buffer.Length - this.position} remain.");
        }

        ReadOnlySpan<byte> payload = this.buffer.Slice(this.position, (int)length);
        this.position += (int)length;
        return payload;
    }

    /// <summary>Reads a length-delimited field as UTF-8 text.</summary>
    /// <returns>The string.</returns>
    public string ReadString() => Encoding.UTF8.GetString(this.ReadLengthDelimited());

    /// <summary>Skips a field's payload.</summary>
    /// <param name="wireType">The field's wire type.</param>
    public void Skip(int wireType)
    {
        switch (wireType)
        {
            case VarintWireType:
                this.ReadVarint();
                break;
            case LengthDelimitedWireType:
                this.ReadLengthDelimited();
                break;
            case Fixed64WireType:
                this.Advance(8);
                break;
            case Fixed32WireType:
                this.Advance(4);
                break;
            default:
                throw new InvalidDataException($"Wire type {wireType} before byte {this.position} is a group or unknown; ONNX uses neither.");
        }
    }

    /// <summary>Reads a whole field, tag included, as it lies in the buffer: for copying it unparsed.</summary>
    /// <param name="start">Where the field's tag began.</param>
    /// <param name="wireType">The field's wire type.</param>
    /// <returns>The field's bytes.</returns>
    public ReadOnlySpan<byte> SkipAndSlice(int start, int wireType)
    {
        this.Skip(wireType);
        return this.buffer[start..this.position];
    }

    /// <summary>Gets the offset of the next byte to read.</summary>
    /// <returns>The offset.</returns>
    public readonly int Position() => this.position;

    void Advance(int count)
    {
        if (this.buffer.Length - this.position < count)
        {
            throw new InvalidDataException($"The fixed-size field at byte {this.position} runs past the end of the message.");
        }

        this.position += count;
    }
}
