namespace CzPick.Core.Phantoms;

/// <summary>
/// A lipid bilayer on a sphere (voxel units): small radii look like vesicles, large ones like gently curved sheets
/// crossing the field. Its density profile across the membrane is two Gaussian leaflets.
/// </summary>
/// <param name="Z">The sphere centre's section.</param>
/// <param name="Y">The sphere centre's row.</param>
/// <param name="X">The sphere centre's column.</param>
/// <param name="Radius">The sphere's radius.</param>
/// <param name="LeafletOffset">The distance of each leaflet from the mid-plane.</param>
/// <param name="LeafletSigma">The width (σ) of each leaflet.</param>
readonly record struct Membrane(double Z, double Y, double X, double Radius, double LeafletOffset, double LeafletSigma)
{
    /// <summary>The distance of each head-group layer from the bilayer's mid-plane, in Å (a bilayer is ~40 Å thick).</summary>
    public const double LeafletOffsetAngstrom = 18;

    /// <summary>The width of each head-group layer, in Å.</summary>
    public const double LeafletSigmaAngstrom = 6;

    /// <summary>Gets how far from the mid-plane the density is drawn (3 σ past the leaflets), in voxels.</summary>
    public double HalfThickness => this.LeafletOffset + (3 * this.LeafletSigma);

    /// <summary>
    /// Draws a membrane through a random point of the volume: a random direction, and a radius between 300 Å
    /// (a small vesicle) and 3000 Å (a sheet), uniform in log.
    /// </summary>
    /// <param name="depth">The number of sections.</param>
    /// <param name="height">The number of rows.</param>
    /// <param name="width">The number of columns.</param>
    /// <param name="voxelAngstrom">The voxel size.</param>
    /// <param name="random">The stream to draw from.</param>
    /// <returns>The membrane.</returns>
    public static Membrane Draw(int depth, int height, int width, double voxelAngstrom, ref RandomStream random)
    {
        double z = random.NextDouble(0, depth - 1);
        double y = random.NextDouble(0, height - 1);
        double x = random.NextDouble(0, width - 1);
        double radius = Math.Exp(random.NextDouble(Math.Log(300), Math.Log(3000))) / voxelAngstrom;
        (double dx, double dy, double dz) = Rotation3.Uniform(ref random).Apply(0, 0, 1);
        return new Membrane(
            z + (radius * dz), y + (radius * dy), x + (radius * dx), radius, LeafletOffsetAngstrom / voxelAngstrom, LeafletSigmaAngstrom / voxelAngstrom);
    }

    /// <summary>Gets the distance from a point to the membrane's mid-surface, in voxels.</summary>
    /// <param name="z">The section.</param>
    /// <param name="y">The row.</param>
    /// <param name="x">The column.</param>
    /// <returns>The unsigned distance.</returns>
    public double DistanceTo(double z, double y, double x)
    {
        double dz = z - this.Z;
        double dy = y - this.Y;
        double dx = x - this.X;
        return Math.Abs(Math.Sqrt((dz * dz) + (dy * dy) + (dx * dx)) - this.Radius);
    }

    /// <summary>Adds the membrane's density to one section, visiting only the voxels within its half-thickness.</summary>
    /// <param name="section">The section's voxels, rows of <paramref name="width"/>.</param>
    /// <param name="z">The section's index.</param>
    /// <param name="height">The number of rows.</param>
    /// <param name="width">The number of columns.</param>
    /// <param name="scale">The contrast: ±1 for dark or bright matter.</param>
    public void AddTo(Span<float> section, int z, int height, int width, float scale)
    {
        double outer = this.Radius + this.HalfThickness;
        double inner = this.Radius - this.HalfThickness;
        double dz = z - this.Z;
        double twoSigmaSquared = 2 * this.LeafletSigma * this.LeafletSigma;
        for (int y = 0; y < height; y++)
        {
            double dy = y - this.Y;
            double planar = (dz * dz) + (dy * dy);
            double outerSquared = (outer * outer) - planar;
            if (outerSquared < 0)
            {
                continue;
            }

            // The shell meets this row in one interval, or two around a hole where the row passes inside.
            double reach = Math.Sqrt(outerSquared);
            double hole = inner > 0 && (inner * inner) > planar ? Math.Sqrt((inner * inner) - planar) : -1;
            Span<float> row = section.Slice(y * width, width);
            int first = Math.Max(0, (int)Math.Ceiling(this.X - reach));
            int last = Math.Min(width - 1, (int)Math.Floor(this.X + reach));
            for (int x = first; x <= last; x++)
            {
                double dx = x - this.X;
                if (Math.Abs(dx) < hole)
                {
                    x = Math.Max(x, (int)Math.Floor(this.X + hole));
                    continue;
                }

                double u = Math.Sqrt(planar + (dx * dx)) - this.Radius;
                double a = u - this.LeafletOffset;
                double b = u + this.LeafletOffset;
                row[x] += scale * (float)(Math.Exp(-(a * a) / twoSigmaSquared) + Math.Exp(-(b * b) / twoSigmaSquared));
            }
        }
    }
}
