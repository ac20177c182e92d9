using System.Text.Json;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Core.Tests.Volumes.Zarr;

public sealed class ZarrDataTypeTests
{
    [Theory]
    [InlineData("<f4", nameof(ZarrDataType.Kind.Float32), 4, false, "float32")]
    [InlineData(">f4", nameof(ZarrDataType.Kind.Float32), 4, true, "float32 (big-endian)")]
    [InlineData("<f2", nameof(ZarrDataType.Kind.Float16), 2, false, "float16")]
    [InlineData("|i1", nameof(ZarrDataType.Kind.Int8), 1, false, "int8")]
    [InlineData("<u1", nameof(ZarrDataType.Kind.UInt8), 1, false, "uint8")]
    [InlineData(">u1", nameof(ZarrDataType.Kind.UInt8), 1, false, "uint8")]
    [InlineData("<i2", nameof(ZarrDataType.Kind.Int16), 2, false, "int16")]
    [InlineData(">u2", nameof(ZarrDataType.Kind.UInt16), 2, true, "uint16 (big-endian)")]
    public void Parse_SupportedDtype_KindSizeAndOrder(string dtype, string kind, int size, bool bigEndian, string name)
    {
        ZarrDataType type = ZarrDataType.Parse(dtype);

        Assert.Equal(kind, type.ElementKind.ToString());
        Assert.Equal(size, type.Size);
        Assert.Equal(bigEndian, type.IsBigEndian);
        Assert.Equal(name, type.Name);
    }

    [Theory]
    [InlineData("<f8")]
    [InlineData("|f4")]
    [InlineData("<i4")]
    [InlineData("float32")]
    [InlineData("<c8")]
    public void Parse_UnsupportedDtype_ListsWhatIsRead(string dtype)
    {
        InvalidDataException error = Assert.Throws<InvalidDataException>(() => ZarrDataType.Parse(dtype));

        Assert.Equal($"dtype \"{dtype}\" is not supported; CzPick reads <f4, <f2, <i2, <u2, |i1, |u1 (and > for big-endian).", error.Message);
    }

    [Theory]
    [InlineData("<i2", new byte[] { 0x34, 0x12, 0xFF, 0xFF }, new float[] { 0x1234, -1 })]
    [InlineData(">i2", new byte[] { 0x12, 0x34, 0x80, 0x00 }, new float[] { 0x1234, -32768 })]
    [InlineData("<u2", new byte[] { 0xFF, 0xFF, 0x01, 0x00 }, new float[] { 65535, 1 })]
    [InlineData(">u2", new byte[] { 0xFF, 0xFE, 0x00, 0x02 }, new float[] { 65534, 2 })]
    [InlineData("|i1", new byte[] { 0x80, 0x7F }, new float[] { -128, 127 })]
    [InlineData("|u1", new byte[] { 0x80, 0x7F }, new float[] { 128, 127 })]
    [InlineData("<f2", new byte[] { 0x00, 0x3C, 0x00, 0xC0 }, new float[] { 1, -2 })]
    [InlineData(">f2", new byte[] { 0x3C, 0x00, 0x7C, 0x00 }, new float[] { 1, float.PositiveInfinity })]
    [InlineData("<f4", new byte[] { 0x00, 0x00, 0x80, 0x3F }, new float[] { 1 })]
    [InlineData(">f4", new byte[] { 0xC0, 0x20, 0x00, 0x00 }, new float[] { -2.5f })]
    public void ToSingle_HandEncodedElements_ExactValues(string dtype, byte[] stored, float[] expected)
    {
        float[] values = new float[expected.Length];

        ZarrDataType.Parse(dtype).ToSingle(stored, values);

        Assert.Equal(expected, values);
    }

    [Theory]
    [InlineData("0.0", 0f)]
    [InlineData("-7.5", -7.5f)]
    [InlineData("null", 0f)]
    [InlineData("\"NaN\"", float.NaN)]
    [InlineData("\"Infinity\"", float.PositiveInfinity)]
    [InlineData("\"-Infinity\"", float.NegativeInfinity)]
    public void ParseFillValue_ZarrEncodings_Value(string json, float expected)
    {
        using JsonDocument document = JsonDocument.Parse(json);

        Assert.Equal(expected, ZarrDataType.Parse("<f4").ParseFillValue(document.RootElement));
    }
}
