using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports.Tests;

public sealed class RgbCanvasTests
{
    static readonly Rgb24 Gray = new(100, 100, 100);
    static readonly Rgb24 Red = new(220, 20, 20);

    [Fact]
    public void DrawEllipse_Solid_EveryPixelOnTheCircleIsTheColour()
    {
        RgbCanvas canvas = Filled(64, 64);

        canvas.DrawEllipse(32, 32, 20, 20, Red, 1, 2, dashed: false);

        // Pixels whose centre lies within half a pixel of the circle are fully covered by a 2-pixel line.
        Assert.All(TestImages.Ring(canvas, 32, 32, 20, 0.5), p => Assert.Equal(Red, p));
        Assert.All(TestImages.Ring(canvas, 32, 32, 10, 5), p => Assert.Equal(Gray, p));
        Assert.All(TestImages.Ring(canvas, 32, 32, 26, 3), p => Assert.Equal(Gray, p));
    }

    [Fact]
    public void DrawEllipse_Dashed_AboutHalfTheCircleIsTheColour()
    {
        RgbCanvas canvas = Filled(64, 64);

        canvas.DrawEllipse(32, 32, 20, 20, Red, 1, 2, dashed: true);

        Rgb24[] ring = TestImages.Ring(canvas, 32, 32, 20, 0.5);
        double red = (double)ring.Count(p => p == Red) / ring.Length;
        Assert.InRange(red, 0.35, 0.65);
        Assert.Equal(ring.Length, ring.Count(p => p == Red || p == Gray));
    }

    [Fact]
    public void DrawEllipse_Elliptic_ColourOnBothSemiAxes()
    {
        RgbCanvas canvas = Filled(64, 64);

        canvas.DrawEllipse(32.5, 32.5, 20, 10, Red, 1, 2, dashed: false);

        // The ellipse's ends on x and y lie on the pixel centres (52.5, 32.5) and (32.5, 42.5); (32.5, 52.5) is 10 beyond.
        Assert.Equal((Red, Red, Red, Gray), (canvas[52, 32], canvas[12, 32], canvas[32, 42], canvas[32, 52]));
    }

    [Fact]
    public void DrawCross_ArmsReachTheirLengthAlongTheDiagonals()
    {
        RgbCanvas canvas = Filled(64, 64);

        canvas.DrawCross(32, 32, 10, Red, 1, 2);

        // Centre, both diagonals out to 10 pixels along x and y, nothing beyond or between the arms.
        Assert.Equal((Red, Red, Red, Red), (canvas[31, 31], canvas[40, 40], canvas[23, 40], canvas[40, 23]));
        Assert.Equal((Gray, Gray, Gray), (canvas[44, 44], canvas[40, 32], canvas[32, 24]));
    }

    [Fact]
    public void DrawEllipse_HalfOpacity_BlendsHalfway()
    {
        RgbCanvas canvas = Filled(64, 64);

        canvas.DrawEllipse(32, 32, 20, 20, new Rgb24(200, 200, 200), 0.5, 2, dashed: false);

        Assert.Equal(new Rgb24(150, 150, 150), canvas[52, 31]);
    }

    [Fact]
    public void EncodePng_Decoded_SamePixels()
    {
        RgbCanvas canvas = Filled(17, 9);
        canvas.DrawCross(8, 4, 3, Red, 1, 2);

        using Image<Rgb24> image = Image.Load<Rgb24>(canvas.EncodePng());

        Assert.Equal((17, 9), (image.Width, image.Height));
        for (int y = 0; y < 9; y++)
        {
            for (int x = 0; x < 17; x++)
            {
                Assert.Equal(canvas[x, y], image[x, y]);
            }
        }
    }

    static RgbCanvas Filled(int width, int height)
    {
        RgbCanvas canvas = new(width, height);
        Array.Fill(canvas.Pixels, Gray);
        return canvas;
    }
}
