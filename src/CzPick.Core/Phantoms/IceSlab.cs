namespace CzPick.Core.Phantoms;

/// <summary>
/// The specimen's ice: a slab between two tilted planes (voxel units) with vacuum beyond, so that its thickness
/// varies across the field. Inside, the background follows the thickness a little, as thicker ice darkens
/// (or, with bright particles, lightens) a reconstruction.
/// </summary>
/// <param name="CentreY">The row the planes' offsets refer to.</param>
/// <param name="CentreX">The column the planes' offsets refer to.</param>
/// <param name="Bottom">The bottom face's z at the centre.</param>
/// <param name="BottomSlopeY">The bottom face's dz/dy.</param>
/// <param name="BottomSlopeX">The bottom face's dz/dx.</param>
/// <param name="Top">The top face's z at the centre.</param>
/// <param name="TopSlopeY">The top face's dz/dy.</param>
/// <param name="TopSlopeX">The top face's dz/dx.</param>
readonly record struct IceSlab(
    double CentreY, double CentreX,
    double Bottom, double BottomSlopeY, double BottomSlopeX,
    double Top, double TopSlopeY, double TopSlopeX)
{
    /// <summary>The density of vacuum relative to ice (ice is 0, protein 1).</summary>
    public const float VacuumDensity = -0.5f;

    /// <summary>The background change per relative change of thickness: 10 % thicker ice is 0.03 denser.</summary>
    const double ThicknessContrast = 0.3;

    /// <summary>Draws a slab filling 70–90 % of the depth, each face tilting by up to 10 % of the thickness across the field.</summary>
    /// <param name="depth">The number of sections.</param>
    /// <param name="height">The number of rows.</param>
    /// <param name="width">The number of columns.</param>
    /// <param name="random">The stream to draw from.</param>
    /// <returns>The slab.</returns>
    public static IceSlab Draw(int depth, int height, int width, ref RandomStream random)
    {
        double thickness = random.NextDouble(0.7, 0.9) * depth;
        double middle = (depth / 2.0) + random.NextDouble(-0.25, 0.25) * (depth - thickness);
        double tilt = 0.1 * thickness;
        double centreY = (height - 1) / 2.0;
        double centreX = (width - 1) / 2.0;
        return new IceSlab(
            centreY,
            centreX,
            middle - (thickness / 2),
            random.NextDouble(-tilt, tilt) / Math.Max(1, centreY),
            random.NextDouble(-tilt, tilt) / Math.Max(1, centreX),
            middle + (thickness / 2),
            random.NextDouble(-tilt, tilt) / Math.Max(1, centreY),
            random.NextDouble(-tilt, tilt) / Math.Max(1, centreX));
    }

    /// <summary>Gets the bottom face's z at a column.</summary>
    /// <param name="y">The row.</param>
    /// <param name="x">The column.</param>
    /// <returns>The section where the ice begins.</returns>
    public double BottomAt(double y, double x) => this.Bottom + (this.BottomSlopeY * (y - this.CentreY)) + (this.BottomSlopeX * (x - this.CentreX));

    /// <summary>Gets the top face's z at a column.</summary>
    /// <param name="y">The row.</param>
    /// <param name="x">The column.</param>
    /// <returns>The section where the ice ends.</returns>
    public double TopAt(double y, double x) => this.Top + (this.TopSlopeY * (y - this.CentreY)) + (this.TopSlopeX * (x - this.CentreX));

    /// <summary>
    /// Computes, per column (row-major, rows of <paramref name="width"/>), the two faces and the ice's density level:
    /// they do not change along z, so sections are then rendered without recomputing them.
    /// </summary>
    /// <param name="height">The number of rows.</param>
    /// <param name="width">The number of columns.</param>
    /// <returns>The bottom face, the top face and the ice level per column.</returns>
    public (float[] Bottom, float[] Top, float[] Level) Columns(int height, int width)
    {
        float[] bottom = new float[height * width];
        float[] top = new float[height * width];
        float[] level = new float[height * width];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int i = (y * width) + x;
                bottom[i] = (float)this.BottomAt(y, x);
                top[i] = (float)this.TopAt(y, x);
                level[i] = (float)(ThicknessContrast * (((top[i] - bottom[i]) / (this.Top - this.Bottom)) - 1));
            }
        }

        return (bottom, top, level);
    }

    /// <summary>
    /// Adds the slab's density to one section: the ice level inside, vacuum outside, one-voxel ramps at the faces.
    /// </summary>
    /// <param name="section">The section's voxels.</param>
    /// <param name="z">The section's index.</param>
    /// <param name="columns">The per-column faces and levels from <see cref="Columns"/>.</param>
    /// <param name="scale">The contrast: ±1 for dark or bright matter.</param>
    public static void AddTo(Span<float> section, int z, (float[] Bottom, float[] Top, float[] Level) columns, float scale)
    {
        float centre = z + 0.5f;
        ReadOnlySpan<float> bottom = columns.Bottom.AsSpan(0, section.Length);
        ReadOnlySpan<float> top = columns.Top.AsSpan(0, section.Length);
        ReadOnlySpan<float> level = columns.Level.AsSpan(0, section.Length);
        for (int i = 0; i < section.Length; i++)
        {
            float inside = Math.Clamp(centre - bottom[i], 0f, 1f) * Math.Clamp(top[i] + 1 - centre, 0f, 1f);
            section[i] += scale * (VacuumDensity + (inside * (level[i] - VacuumDensity)));
        }
    }
}
