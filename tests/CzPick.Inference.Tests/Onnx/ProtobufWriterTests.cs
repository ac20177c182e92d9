using CzPick.Inference.Onnx;
using Google.Protobuf;

namespace CzPick.Inference.Tests.Onnx;

public sealed class ProtobufWriterTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(127L)]
    [InlineData(128L)]
    [InlineData(300L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void WriteInt64_AnyValue_SameBytesAsGoogleProtobuf(long value)
    {
        ProtobufWriter writer = new();
        writer.WriteInt64(3, value);

        Assert.Equal(Google(output => { output.WriteTag(3, WireFormat.WireType.Varint); output.WriteInt64(value); }), writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteFloatStringBytes_FieldsInOrder_SameBytesAsGoogleProtobuf()
    {
        ProtobufWriter writer = new();
        writer.WriteFloat(2, -1.5e-5f);
        writer.WriteString(20, "Ångström ✓");
        writer.WriteBytes(9, [1, 2, 3, 255]);

        byte[] expected = Google(output =>
        {
            output.WriteTag(2, WireFormat.WireType.Fixed32);
            output.WriteFloat(-1.5e-5f);
            output.WriteTag(20, WireFormat.WireType.LengthDelimited);
            output.WriteString("Ångström ✓");
            output.WriteTag(9, WireFormat.WireType.LengthDelimited);
            output.WriteBytes(ByteString.CopyFrom(1, 2, 3, 255));
        });
        Assert.Equal(expected, writer.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteMessage_Nested_LengthPrefixedBody()
    {
        ProtobufWriter writer = new();
        writer.WriteMessage(7, 150L, static (body, value) => body.WriteInt64(1, value));

        // Field 7, wire type 2, length 3, then field 1 varint 150 (0x96 0x01): the protobuf encoding guide's example.
        Assert.Equal([0x3A, 0x03, 0x08, 0x96, 0x01], writer.WrittenSpan.ToArray());
    }

    static byte[] Google(Action<CodedOutputStream> write)
    {
        using MemoryStream stream = new();
        using (CodedOutputStream output = new(stream, leaveOpen: true))
        {
            write(output);
        }

        return stream.ToArray();
    }
}
