using System.Buffers.Binary;
using CzPick.Inference.Torch;

namespace CzPick.Inference.Tests.Torch;

public sealed class TorchTensorTests
{
    [Fact]
    public void ToSingles_TransposedViewWithOffset_CopiesInCOrder()
    {
        // Storage 0..9; a (2, 3) view at offset 1 with strides (1, 2) reads [[1, 3, 5], [2, 4, 6]].
        TorchStorage storage = Float32Storage([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        TorchTensor tensor = new(storage, 1, [2, 3], [1, 2]);

        Assert.Equal([1f, 3, 5, 2, 4, 6], tensor.ToSingles());
    }

    [Fact]
    public void ToSingles_BroadcastStrideZero_RepeatsElement()
    {
        TorchTensor tensor = new(Float32Storage([7, 8]), 1, [3], [0]);

        Assert.Equal([8f, 8, 8], tensor.ToSingles());
    }

    [Fact]
    public void ToSingles_Float16_ConvertsExactly()
    {
        // 0x3C00 = 1, 0xC000 = −2, 0x3555 ≈ 0.33325195, 0x7BFF = 65504 (largest half).
        byte[] bytes = new byte[8];
        ushort[] halves = [0x3C00, 0xC000, 0x3555, 0x7BFF];
        for (int index = 0; index < halves.Length; index++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * index), halves[index]);
        }

        TorchTensor tensor = new(new TorchStorage("0", TorchDataType.Float16, bytes), 0, [4], [1]);

        Assert.Equal([1f, -2f, 0.33325195f, 65504f], tensor.ToSingles());
    }

    [Fact]
    public void ToSingles_BFloat16AndFloat64_Convert()
    {
        TorchTensor bfloat = new(new TorchStorage("0", TorchDataType.BFloat16, [0x80, 0x3F, 0x40, 0xC0]), 0, [2], [1]);
        byte[] doubles = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(doubles, 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(doubles.AsSpan(8), -3);
        TorchTensor float64 = new(new TorchStorage("0", TorchDataType.Float64, doubles), 0, [2], [1]);

        Assert.Equal([1f, -3f], bfloat.ToSingles());
        Assert.Equal([0.1f, -3f], float64.ToSingles());
    }

    [Fact]
    public void ToSingles_Int64_Refused()
    {
        TorchTensor tensor = new(new TorchStorage("0", TorchDataType.Int64, new byte[8]), 0, [1], [1]);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(tensor.ToSingles);

        Assert.Equal("The tensor holds Int64 values, not floating-point weights.", error.Message);
    }

    [Fact]
    public void FromSingles_WrongCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => TorchTensor.FromSingles([2, 2], [1, 2, 3]));
    }

    [Theory]
    [InlineData(new[] { 7 }, "(7,)")]
    [InlineData(new[] { 32, 1, 3 }, "(32, 1, 3)")]
    public void FormatShape_AsPyTorchPrints(int[] shape, string expected)
    {
        Assert.Equal(expected, TorchTensor.FormatShape(shape));
    }

    static TorchStorage Float32Storage(float[] values)
    {
        byte[] bytes = new byte[values.Length * 4];
        Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
        return new TorchStorage("0", TorchDataType.Float32, bytes);
    }
}
