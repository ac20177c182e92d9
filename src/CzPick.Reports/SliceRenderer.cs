using SixLabors.ImageSharp.PixelFormats;

namespace CzPick.Reports;

/// <summary>
/// Renders one slice as a grey image with the particles it cuts drawn in their colours: a particle's sphere cuts the
/// plane at distance d from its centre in a circle of radius √(r² − d²), drawn as an ellipse where voxels are not
/// square. Each mark has a thin halo of black or white beneath it so that dark colours show on dark ice.
/// </summary>
static class SliceRenderer
{
    /// <summary>The width of circles and crosses, in pixels.</summary>
    public const double LineWidthPixels = 2;

    /// <summary>A cross reaches this fraction of the section's radius along each axis, so it stays inside where the circle would be.</summary>
    public const double CrossArmFraction = 0.5;

    const double HaloOpacity = 0.6;
    static readonly Rgb24 DarkHalo = new(0, 0, 0);
    static readonly Rgb24 LightHalo = new(255, 255, 255);

    /// <summary>Finds where the particles' spheres cut a plane.</summary>
    /// <param name="plane">The plane.</param>
    /// <param name="scale">How voxels become pixels.</param>
    /// <param name="marks">The picks and references.</param>
    /// <returns>The marks whose sphere cuts the plane, with the section's centre and semi-axes in pixels.</returns>
    public static IReadOnlyList<MarkSection> Sections(SlicePlane plane, ImageScale scale, IEnumerable<SliceMark> marks)
    {
        List<MarkSection> sections = [];
        (double columnAngstrom, double rowAngstrom) = plane.PixelSizeAngstrom;
        foreach (SliceMark mark in marks)
        {
            (double column, double row, double distance) = plane.Project(mark.Pick);
            double radius = mark.Particle.RadiusAngstrom;
            if (Math.Abs(distance) < radius)
            {
                double section = Math.Sqrt((radius * radius) - (distance * distance));
                sections.Add(new MarkSection(mark, scale.ToPixel(column), scale.ToPixel(row), section / columnAngstrom * scale.PixelsPerVoxel, section / rowAngstrom * scale.PixelsPerVoxel));
            }
        }

        return sections;
    }

    /// <summary>Renders a slice with the marks that cut it.</summary>
    /// <param name="plane">The plane the values come from.</param>
    /// <param name="binned">The plane's voxels, row by row, binned by the scale's Down (see <see cref="Bin"/>).</param>
    /// <param name="window">The grey levels.</param>
    /// <param name="scale">How voxels become pixels.</param>
    /// <param name="sections">The marks to draw, from <see cref="Sections"/>.</param>
    /// <returns>The image.</returns>
    public static RgbCanvas Render(SlicePlane plane, float[] binned, ContrastWindow window, ImageScale scale, IReadOnlyList<MarkSection> sections)
    {
        RgbCanvas canvas = Gray(plane.Width, plane.Height, binned, window, scale);

        // Halos first, then every stroke, so that no halo covers the stroke of a neighbouring mark.
        foreach (MarkSection section in sections)
        {
            Draw(canvas, section, HaloOf(section.Mark.Particle.Color), HaloOpacity, LineWidthPixels + 2);
        }

        foreach (MarkSection section in sections)
        {
            Draw(canvas, section, ColorOf(section.Mark.Particle.Color), 1, LineWidthPixels);
        }

        return canvas;
    }

    /// <summary>Gets the particle colour a mark is drawn in: its RGB, fully opaque (the catalog's alpha is for volume viewers).</summary>
    /// <param name="rgba">The colour as the catalog holds it.</param>
    /// <returns>The stroke colour.</returns>
    public static Rgb24 ColorOf(byte[] rgba) => new(rgba[0], rgba[1], rgba[2]);

    static Rgb24 HaloOf(byte[] rgba) => (0.2126 * rgba[0]) + (0.7152 * rgba[1]) + (0.0722 * rgba[2]) < 128 ? LightHalo : DarkHalo;

    static void Draw(RgbCanvas canvas, MarkSection section, Rgb24 color, double opacity, double lineWidth)
    {
        if (section.Mark.Style == MarkStyle.Cross)
        {
            canvas.DrawCross(section.X, section.Y, CrossArmFraction * Math.Min(section.RadiusX, section.RadiusY), color, opacity, lineWidth);
        }
        else
        {
            canvas.DrawEllipse(section.X, section.Y, section.RadiusX, section.RadiusY, color, opacity, lineWidth, dashed: section.Mark.Style == MarkStyle.Dashed);
        }
    }

    /// <summary>Averages Down × Down blocks of a plane's voxels over their finite values (a last partial block over what it holds).</summary>
    /// <param name="values">The plane's voxels, row by row.</param>
    /// <param name="width">The plane's width in voxels.</param>
    /// <param name="height">The plane's height in voxels.</param>
    /// <param name="down">Voxels per pixel along each axis.</param>
    /// <returns>The binned values, row by row; <paramref name="values"/> itself when <paramref name="down"/> is 1.</returns>
    public static float[] Bin(float[] values, int width, int height, int down)
    {
        if (down == 1)
        {
            return values;
        }

        int binnedWidth = (width + down - 1) / down;
        int binnedHeight = (height + down - 1) / down;
        double[] sums = new double[binnedWidth * binnedHeight];
        int[] counts = new int[sums.Length];
        for (int y = 0; y < height; y++)
        {
            int row = y / down * binnedWidth;
            for (int x = 0; x < width; x++)
            {
                float voxel = values[(y * width) + x];
                if (float.IsFinite(voxel))
                {
                    sums[row + (x / down)] += voxel;
                    counts[row + (x / down)]++;
                }
            }
        }

        return [.. sums.Select((sum, i) => counts[i] > 0 ? (float)(sum / counts[i]) : float.NaN)];
    }

    /// <summary>Maps binned values to grey pixels, each repeated Up × Up times.</summary>
    static RgbCanvas Gray(int width, int height, float[] binned, ContrastWindow window, ImageScale scale)
    {
        RgbCanvas canvas = new(scale.Pixels(width), scale.Pixels(height));
        int binnedWidth = canvas.Width / scale.Up;
        for (int py = 0; py < canvas.Height; py++)
        {
            for (int px = 0; px < canvas.Width; px++)
            {
                byte gray = window.ToGray(binned[(py / scale.Up * binnedWidth) + (px / scale.Up)]);
                canvas[px, py] = new Rgb24(gray, gray, gray);
            }
        }

        return canvas;
    }
}

/// <summary>Where a particle's sphere cuts a slice, in pixels.</summary>
/// <param name="Mark">The pick or reference.</param>
/// <param name="X">The section's centre, column in pixels.</param>
/// <param name="Y">The section's centre, row in pixels.</param>
/// <param name="RadiusX">The section's semi-axis along the columns, in pixels.</param>
/// <param name="RadiusY">The section's semi-axis along the rows, in pixels.</param>
readonly record struct MarkSection(SliceMark Mark, double X, double Y, double RadiusX, double RadiusY);
