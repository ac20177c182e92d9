using CzPick.Inference.Onnx;
using Google.Protobuf;

namespace CzPick.Inference.Tests.Onnx;

public sealed class ProtobufReaderTests
{
    [Theory]
    [InlineData(0L)]
    [InlineData(300L)]
    [InlineData(-1L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void ReadVarint_GoogleProtobufInt64_SameValue(long value)
    {
        byte[] bytes = Google(output =>
        {
            output.WriteTag(3, WireFormat.WireType.Varint);
            output.WriteInt64(value);
        });
        ProtobufReader reader = new(bytes);

        Assert.Equal((3, ProtobufReader.VarintWireType), reader.ReadTag());
        Assert.Equal(value, (long)reader.ReadVarint());
        Assert.True(reader.End);
    }

    [Fact]
    public void SkipAndSlice_EveryWireType_WholeFieldsInOrder()
    {
        byte[] bytes = Google(output =>
        {
            output.WriteTag(1, WireFormat.WireType.Fixed32);
            output.WriteFloat(1.5f);
            output.WriteTag(2, WireFormat.WireType.Fixed64);
            output.WriteDouble(2.5);
            output.WriteTag(3, WireFormat.WireType.LengthDelimited);
            output.WriteString("Å");
            output.WriteTag(4, WireFormat.WireType.Varint);
            output.WriteInt32(7);
        });
        ProtobufReader reader = new(bytes);
        List<int> lengths = [];

        while (!reader.End)
        {
            int start = reader.Position();
            (_, int wireType) = reader.ReadTag();
            lengths.Add(reader.SkipAndSlice(start, wireType).Length);
        }

        Assert.Equal([5, 9, 4, 2], lengths);
    }

    [Fact]
    public void ReadString_Utf8_Decoded()
    {
        byte[] bytes = Google(output =>
        {
            output.WriteTag(8, WireFormat.WireType.LengthDelimited);
            output.WriteString("m0/model.0 ✓");
        });
        ProtobufReader reader = new(bytes);

        reader.ReadTag();

        Assert.Equal("m0/model.0 ✓", reader.ReadString());
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0x96 }, "runs past the end")]
    [InlineData(new byte[] { 0x0A, 0x05, 0x01 }, "claims 5 bytes but only 1 remain")]
    [InlineData(new byte[] { 0x0B }, "is a group or unknown")]
    [InlineData(new byte[] { 0x0D, 0x01, 0x02 }, "runs past the end of the message")]
    [InlineData(new byte[] { 0x00 }, "is not a valid protobuf field number")]
    public void Read_Malformed_InvalidDataNamingTheProblem(byte[] bytes, string expected)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() =>
        {
            ProtobufReader reader = new(bytes);
            (_, int wireType) = reader.ReadTag();
            reader.Skip(wireType);
        });

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
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
