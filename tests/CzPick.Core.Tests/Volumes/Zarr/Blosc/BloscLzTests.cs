using CzPick.Core.Volumes.Zarr.Blosc;

namespace CzPick.Core.Tests.Volumes.Zarr.Blosc;

public sealed class BloscLzTests
{
    [Fact]
    public void Decode_LiteralRun_CopiesBytes()
    {
        // Control 0b010_00010: the first byte's top three bits are a marker; low five bits 2 → a run of 3 literals.
        byte[] stream = [0x42, (byte)'a', (byte)'b', (byte)'c'];
        byte[] output = new byte[3];

        Assert.Equal(3, BloscLz.Decode(stream, output));
        Assert.Equal("abc"u8.ToArray(), output);
    }

    [Fact]
    public void Decode_OverlappingMatch_RepeatsThePattern()
    {
        // "ab", then control 0x40: length bits 2 → 2 − 1 + 3 = 4 bytes, distance high 0 and low byte 1 → distance 2,
        // which repeats "ab" twice; then a closing literal "z" (streams end with literals).
        byte[] stream = [0x01, (byte)'a', (byte)'b', 0x40, 0x01, 0x00, (byte)'z'];
        byte[] output = new byte[7];

        Assert.Equal(7, BloscLz.Decode(stream, output));
        Assert.Equal("ababab" + "z", System.Text.Encoding.ASCII.GetString(output));
    }

    [Fact]
    public void Decode_RunOfOneByte_FillsWithIt()
    {
        // "x", then length bits 7 with extension bytes 255 and 10: 7 − 1 + 255 + 10 + 3 = 274 at distance 1.
        byte[] stream = [0x00, (byte)'x', 0xE0, 0xFF, 0x0A, 0x00, 0x00, (byte)'y'];
        byte[] output = new byte[1 + 274 + 1];

        Assert.Equal(output.Length, BloscLz.Decode(stream, output));
        Assert.All(output[..275], b => Assert.Equal((byte)'x', b));
        Assert.Equal((byte)'y', output[^1]);
    }

    [Fact]
    public void Decode_FarMatch_ReachesBeyond8191()
    {
        // 9000 literal bytes (32 per run), then a far match: high bits 31, low byte 255, then 16-bit distance
        // 800 → 800 + 8191 + 1 = 8992 back, length 3; then a closing literal.
        List<byte> stream = [];
        byte[] expected = new byte[9000 + 3 + 1];
        for (int i = 0; i < 9000; i++)
        {
            expected[i] = (byte)(i * 7 % 251);
        }

        for (int start = 0; start < 9000; start += 32)
        {
            int run = Math.Min(32, 9000 - start);
            stream.Add((byte)(run - 1));
            stream.AddRange(expected[start..(start + run)]);
        }

        stream.AddRange([0x3F, 0xFF, 0x03, 0x20, 0x00, 0x7E]);
        expected[9000] = expected[8];
        expected[9001] = expected[9];
        expected[9002] = expected[10];
        expected[9003] = 0x7E;
        byte[] output = new byte[expected.Length];

        Assert.Equal(expected.Length, BloscLz.Decode([.. stream], output));
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Decode_MatchBeforeTheStart_StopsShort()
    {
        // A match 5 back when only 1 byte exists.
        byte[] stream = [0x00, (byte)'a', 0x20, 0x04, 0x00, (byte)'b'];

        Assert.Equal(1, BloscLz.Decode(stream, new byte[5]));
    }

    [Fact]
    public void Decode_StreamEndingInAMatch_StopsShortLikeCBlosc()
    {
        byte[] stream = [0x00, (byte)'a', 0x20, 0x00];

        Assert.Equal(1, BloscLz.Decode(stream, new byte[4]));
    }

    [Fact]
    public void Decode_LiteralPastTheOutput_StopsShort()
    {
        byte[] stream = [0x03, 1, 2, 3, 4];

        Assert.Equal(0, BloscLz.Decode(stream, new byte[2]));
    }
}
