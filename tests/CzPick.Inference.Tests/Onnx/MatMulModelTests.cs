using CzPick.Inference.Onnx;
using CzPick.Inference.Tests.Support;

namespace CzPick.Inference.Tests.Onnx;

public sealed class MatMulModelTests
{
    const int Size = 5;
    const int Columns = 7;

    [Fact]
    public void Create_IdentityInput_GivesTheRightMatrix()
    {
        (float[] right, long[] shape) = OnnxRunner.Run(MatMulModel.Create(Size, Size, Columns, seed: 3), Identity(), [Size, Size]);

        Assert.Equal([Size, Columns], shape);
        Assert.All(right, v => Assert.InRange(v, -1f, 1f));
        Assert.True(right.Distinct().Count() > Size * Columns / 2, "the right matrix is random");
    }

    [Fact]
    public void Create_AnyInput_IsTheMatrixProduct()
    {
        byte[] model = MatMulModel.Create(Size, Size, Columns, seed: 3);
        float[] right = OnnxRunner.Run(model, Identity(), [Size, Size]).Values;
        float[] left = TestEnsembles.Noise(Size * Size, 11);

        float[] product = OnnxRunner.Run(model, left, [Size, Size]).Values;

        for (int r = 0; r < Size; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                double expected = Enumerable.Range(0, Size).Sum(k => (double)left[(r * Size) + k] * right[(k * Columns) + c]);
                Assert.Equal(expected, product[(r * Columns) + c], 5);
            }
        }
    }

    [Fact]
    public void Create_OtherSeed_OtherRightMatrix()
    {
        float[] first = OnnxRunner.Run(MatMulModel.Create(Size, Size, Columns, seed: 1), Identity(), [Size, Size]).Values;
        float[] second = OnnxRunner.Run(MatMulModel.Create(Size, Size, Columns, seed: 2), Identity(), [Size, Size]).Values;

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Create_EmptyDimension_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MatMulModel.Create(4, 0, 4, seed: 1));

    [Fact]
    public void Flops_TwoPerMultiplyAdd() => Assert.Equal(2.0 * 2048 * 1024 * 512, MatMulModel.Flops(2048, 1024, 512));

    static float[] Identity()
    {
        float[] identity = new float[Size * Size];
        for (int i = 0; i < Size; i++)
        {
            identity[(i * Size) + i] = 1;
        }

        return identity;
    }
}
