using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports.Tests;

/// <summary>Pixel probes shared by the drawing tests.</summary>
static class TestImages
{
    /// <summary>The pixels whose centres lie within a distance of a circle.</summary>
    public static Rgb24[] Ring(RgbCanvas canvas, double centerX, double centerY, double radius, double tolerance)
    {
        List<Rgb24> pixels = [];
        for (int y = 0; y < canvas.Height; y++)
        {
            for (int x = 0; x < canvas.Width; x++)
            {
                if (Math.Abs(Math.Sqrt(Math.Pow(x + 0.5 - centerX, 2) + Math.Pow(y + 0.5 - centerY, 2)) - radius) <= tolerance)
                {
                    pixels.Add(canvas[x, y]);
                }
            }
        }

        return [.. pixels];
    }

    /// <summary>Counts pixels that are not grey: on a grey slice only marks put colour (their halos are black or white).</summary>
    public static int CountColoured(IEnumerable<Rgb24> pixels) => pixels.Count(p => p.R != p.G || p.G != p.B);
}
