namespace CzPick.Reports.Tests;

public sealed class ImageScaleTests
{
    [Theory]
    [InlineData(128, 3, 1)]
    [InlineData(480, 1, 1)]
    [InlineData(630, 1, 1)]
    [InlineData(1024, 1, 1)]
    [InlineData(1025, 1, 2)]
    [InlineData(4000, 1, 4)]
    public void For_LongestSide_WholeFactorWithinBounds(int side, int up, int down)
    {
        Assert.Equal(new ImageScale(up, down), ImageScale.For(side, 480, 1024));
    }

    [Fact]
    public void ToPixel_EnlargedThree_VoxelCentreAtBlockCentre()
    {
        ImageScale scale = new(3, 1);

        // Voxel 0 covers pixels 0–2, centre 1.5; voxel 2 covers 6–8, centre 7.5.
        Assert.Equal((1.5, 7.5, 9), (scale.ToPixel(0), scale.ToPixel(2), scale.Pixels(3)));
    }

    [Fact]
    public void ToPixel_BinnedTwo_BlockCentreAtPixelCentre()
    {
        ImageScale scale = new(1, 2);

        // Pixel 1 averages voxels 2 and 3, whose midpoint 2.5 must land on the pixel's centre 1.5; 5 voxels make 3 pixels.
        Assert.Equal((1.5, 3), (scale.ToPixel(2.5), scale.Pixels(5)));
    }
}
