using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports;

/// <summary>
/// An RGB image in memory with the few anti-aliased shapes a report needs (ImageSharp.Drawing is not available):
/// ellipse outlines, solid or dashed, and crosses. Coordinates are in pixels with pixel centres at halves, so the
/// pixel (i, j) covers [i, i + 1) × [j, j + 1).
/// </summary>
sealed class RgbCanvas
{
    /// <summary>Initializes a new instance of the <see cref="RgbCanvas"/> class, black.</summary>
    /// <param name="width">The width in pixels.</param>
    /// <param name="height">The height in pixels.</param>
    public RgbCanvas(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        this.Width = width;
        this.Height = height;
        this.Pixels = new Rgb24[checked(width * height)];
    }

    /// <summary>Gets the width in pixels.</summary>
    public int Width { get; }

    /// <summary>Gets the height in pixels.</summary>
    public int Height { get; }

    /// <summary>Gets the pixels, row by row.</summary>
    public Rgb24[] Pixels { get; }

    /// <summary>Gets or sets one pixel.</summary>
    /// <param name="x">The column.</param>
    /// <param name="y">The row.</param>
    /// <returns>The pixel.</returns>
    public Rgb24 this[int x, int y]
    {
        get => this.Pixels[(y * this.Width) + x];
        set => this.Pixels[(y * this.Width) + x] = value;
    }

    /// <summary>Draws the outline of an axis-aligned ellipse.</summary>
    /// <param name="centerX">The centre's x in pixels.</param>
    /// <param name="centerY">The centre's y in pixels.</param>
    /// <param name="radiusX">The semi-axis along x in pixels.</param>
    /// <param name="radiusY">The semi-axis along y in pixels.</param>
    /// <param name="color">The colour.</param>
    /// <param name="opacity">How much the colour covers what is below, 0–1.</param>
    /// <param name="lineWidth">The outline's width in pixels.</param>
    /// <param name="dashed">Whether the outline is broken into dashes about four line widths long.</param>
    public void DrawEllipse(double centerX, double centerY, double radiusX, double radiusY, Rgb24 color, double opacity, double lineWidth, bool dashed)
    {
        if (!(radiusX > 0 && radiusY > 0))
        {
            return;
        }

        double half = lineWidth / 2;

        // An even number of dashes that closes the loop evenly, each roughly four line widths long.
        double circumference = Math.PI * (radiusX + radiusY);
        int dashes = 2 * Math.Max(2, (int)Math.Round(circumference / (8 * lineWidth)));
        double invX2 = 1 / (radiusX * radiusX);
        double invY2 = 1 / (radiusY * radiusY);
        this.Paint(centerX, centerY, radiusX + half + 1, radiusY + half + 1, (dx, dy) =>
        {
            // Distance to the ellipse by one Newton step on q = |(dx/rx, dy/ry)|: (q − 1) / |∇q|, exact for a circle.
            double q = Math.Sqrt((dx * dx * invX2) + (dy * dy * invY2));
            double gradient = Math.Sqrt((dx * dx * invX2 * invX2) + (dy * dy * invY2 * invY2));
            if (gradient == 0)
            {
                return 0;
            }

            double distance = (q - 1) * q / gradient;
            if (dashed)
            {
                double turn = (Math.Atan2(dy / radiusY, dx / radiusX) / (2 * Math.PI)) + 1;
                if ((turn * dashes % 2) >= 1)
                {
                    return 0;
                }
            }

            return Coverage(distance, half);
        }, color, opacity);
    }

    /// <summary>Draws an X: two diagonal strokes crossing at a centre.</summary>
    /// <param name="centerX">The centre's x in pixels.</param>
    /// <param name="centerY">The centre's y in pixels.</param>
    /// <param name="arm">How far each stroke reaches from the centre along x and along y, in pixels.</param>
    /// <param name="color">The colour.</param>
    /// <param name="opacity">How much the colour covers what is below, 0–1.</param>
    /// <param name="lineWidth">The strokes' width in pixels.</param>
    public void DrawCross(double centerX, double centerY, double arm, Rgb24 color, double opacity, double lineWidth)
    {
        if (!(arm > 0))
        {
            return;
        }

        double half = lineWidth / 2;
        double reach = arm * Math.Sqrt(2);
        this.Paint(centerX, centerY, arm + half + 1, arm + half + 1, (dx, dy) =>
        {
            // Distance to each diagonal segment: across it |dx ∓ dy| / √2, along it clamped to the arm's length.
            double along1 = Math.Abs(dx + dy) / Math.Sqrt(2);
            double across1 = Math.Abs(dx - dy) / Math.Sqrt(2);
            double along2 = Math.Abs(dx - dy) / Math.Sqrt(2);
            double across2 = Math.Abs(dx + dy) / Math.Sqrt(2);
            double distance1 = Math.Sqrt((across1 * across1) + Math.Pow(Math.Max(0, along1 - reach), 2));
            double distance2 = Math.Sqrt((across2 * across2) + Math.Pow(Math.Max(0, along2 - reach), 2));
            return Coverage(Math.Min(distance1, distance2), half);
        }, color, opacity);
    }

    /// <summary>Encodes the image as an 8-bit RGB PNG, compressed for speed: tomogram noise barely compresses, so higher levels take about four times as long for 3 % less.</summary>
    /// <returns>The PNG file's bytes.</returns>
    public byte[] EncodePng()
    {
        using Image<Rgb24> image = Image.LoadPixelData<Rgb24>(this.Pixels, this.Width, this.Height);
        using MemoryStream stream = new();
        image.SaveAsPng(stream, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8, CompressionLevel = PngCompressionLevel.BestSpeed });
        return stream.ToArray();
    }

    /// <summary>How much of a pixel a line of half-width <paramref name="half"/> covers at a distance from its centre line.</summary>
    static double Coverage(double distance, double half) => Math.Clamp(half + 0.5 - Math.Abs(distance), 0, 1);

    /// <summary>
    /// Blends a colour into the pixels around a centre, each weighted by the coverage that a function gives for the
    /// offset of the pixel's centre from that centre.
    /// </summary>
    void Paint(double centerX, double centerY, double extentX, double extentY, Func<double, double, double> coverage, Rgb24 color, double opacity)
    {
        int x0 = Math.Max(0, (int)Math.Floor(centerX - extentX));
        int y0 = Math.Max(0, (int)Math.Floor(centerY - extentY));
        int x1 = Math.Min(this.Width - 1, (int)Math.Ceiling(centerX + extentX));
        int y1 = Math.Min(this.Height - 1, (int)Math.Ceiling(centerY + extentY));
        for (int y = y0; y <= y1; y++)
        {
            for (int x = x0; x <= x1; x++)
            {
                double alpha = coverage(x + 0.5 - centerX, y + 0.5 - centerY) * opacity;
                if (alpha > 0)
                {
                    ref Rgb24 pixel = ref this.Pixels[(y * this.Width) + x];
                    pixel = new Rgb24(Mix(pixel.R, color.R, alpha), Mix(pixel.G, color.G, alpha), Mix(pixel.B, color.B, alpha));
                }
            }
        }
    }

    static byte Mix(byte below, byte above, double alpha) => (byte)Math.Round((below * (1 - alpha)) + (above * alpha));
}
