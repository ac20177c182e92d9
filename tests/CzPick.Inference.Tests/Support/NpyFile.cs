using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CzPick.Inference.Tests.Support;

/// <summary>Reads NumPy .npy files of little-endian float32 in C order (what the oracle fixtures hold).</summary>
static partial class NpyFile
{
    public static (float[] Values, long[] Shape) ReadSingles(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || !bytes.AsSpan(1, 5).SequenceEqual("NUMPY"u8))
        {
            throw new InvalidDataException($"{path}: not a .npy file");
        }

        int major = bytes[6];
        int headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8)) : (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        int headerStart = major == 1 ? 10 : 12;
        string header = Encoding.Latin1.GetString(bytes, headerStart, headerLength);
        if (!header.Contains("'descr': '<f4'", StringComparison.Ordinal) || !header.Contains("'fortran_order': False", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: expected little-endian float32 in C order, header {header}");
        }

        long[] shape = [.. ShapePattern().Match(header).Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(text => long.Parse(text, CultureInfo.InvariantCulture))];
        int dataStart = headerStart + headerLength;
        float[] values = new float[(bytes.Length - dataStart) / 4];
        Buffer.BlockCopy(bytes, dataStart, values, 0, values.Length * 4);
        if (values.LongLength != shape.Aggregate(1L, (a, b) => a * b))
        {
            throw new InvalidDataException($"{path}: {values.Length} values for shape ({string.Join(", ", shape)})");
        }

        return (values, shape);
    }

    [GeneratedRegex(@"'shape': \(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
