using CzPick.Core.Geometry;
using CzPick.Inference.Ensemble;

namespace CzPick.Inference.Tests.Ensemble;

public sealed class TtaPassTests
{
    static readonly Shape3 Shape = new(2, 3, 3);

    [Fact]
    public void ApplyInPlace_FlipX_ReversesEveryRow()
    {
        float[] values = Ramp(2 * Shape.VoxelCount);

        TtaPass.FlipX.ApplyInPlace(values, Shape, channels: 2);

        // Row (c=1, z=1, y=2) held 33, 34, 35.
        Assert.Equal([2f, 1, 0], values[..3]);
        Assert.Equal([35f, 34, 33], values[^3..]);
    }

    [Fact]
    public void ApplyInPlace_FlipY_ReversesRowsOfEveryPlane()
    {
        float[] values = Ramp(Shape.VoxelCount);

        TtaPass.FlipY.ApplyInPlace(values, Shape, channels: 1);

        Assert.Equal([6f, 7, 8, 3, 4, 5, 0, 1, 2, 15, 16, 17, 12, 13, 14, 9, 10, 11], values);
    }

    [Fact]
    public void ApplyInPlace_SwapXY_TransposesEveryPlane()
    {
        float[] values = Ramp(Shape.VoxelCount);

        TtaPass.SwapXY.ApplyInPlace(values, Shape, channels: 1);

        Assert.Equal([0f, 3, 6, 1, 4, 7, 2, 5, 8, 9, 12, 15, 10, 13, 16, 11, 14, 17], values);
    }

    [Fact]
    public void ApplyInPlace_SwapXYLargerThanATile_MatchesIndexTranspose()
    {
        Shape3 shape = new(1, 70, 70);
        float[] values = Ramp(shape.VoxelCount);

        TtaPass.SwapXY.ApplyInPlace(values, shape, channels: 1);

        for (int y = 0; y < 70; y++)
        {
            for (int x = 0; x < 70; x++)
            {
                Assert.Equal((x * 70) + y, values[(y * 70) + x]);
            }
        }
    }

    [Theory]
    [InlineData(TtaPass.Identity)]
    [InlineData(TtaPass.FlipX)]
    [InlineData(TtaPass.FlipY)]
    [InlineData(TtaPass.SwapXY)]
    public void ApplyInPlace_Twice_GivesBackTheInput(TtaPass pass)
    {
        Shape3 shape = new(3, 5, 5);
        float[] values = Ramp(3 * shape.VoxelCount);

        pass.ApplyInPlace(values, shape, channels: 3);
        pass.ApplyInPlace(values, shape, channels: 3);

        Assert.Equal(Ramp(3 * shape.VoxelCount), values);
    }

    [Fact]
    public void ApplyInPlace_SwapXYOnNonSquare_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => TtaPass.SwapXY.ApplyInPlace(new float[2 * 3 * 4], new Shape3(2, 3, 4), 1));

        Assert.Contains("as wide as it is high", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyInPlace_WrongLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => TtaPass.FlipX.ApplyInPlace(new float[10], Shape, 1));
    }

    [Theory]
    [InlineData("identity", TtaPass.Identity)]
    [InlineData("flip-x", TtaPass.FlipX)]
    [InlineData("FLIP-Y", TtaPass.FlipY)]
    [InlineData(" swap-xy ", TtaPass.SwapXY)]
    public void Parse_KnownName_ThePass(string name, TtaPass expected)
    {
        Assert.Equal(expected, TtaPasses.Parse(name));
        Assert.Equal(name.Trim().ToLowerInvariant(), expected.Name());
    }

    [Fact]
    public void Parse_UnknownName_ListsThePasses()
    {
        FormatException error = Assert.Throws<FormatException>(() => TtaPasses.Parse("flip-z"));

        Assert.Equal("Unknown TTA pass 'flip-z'; expected identity, flip-x, flip-y, swap-xy.", error.Message);
    }

    static float[] Ramp(long length) => [.. Enumerable.Range(0, (int)length).Select(i => (float)i)];
}
