namespace CzPick.Core.Phantoms;

/// <summary>A solid ellipsoid, axis-aligned in the particle's own frame; sizes in Å.</summary>
/// <param name="X">The centre's x offset from the particle's centre.</param>
/// <param name="Y">The centre's y offset.</param>
/// <param name="Z">The centre's z offset.</param>
/// <param name="SemiAxisX">The semi-axis along x.</param>
/// <param name="SemiAxisY">The semi-axis along y.</param>
/// <param name="SemiAxisZ">The semi-axis along z.</param>
readonly record struct Ellipsoid(double X, double Y, double Z, double SemiAxisX, double SemiAxisY, double SemiAxisZ)
{
    /// <summary>Creates a ball.</summary>
    /// <param name="x">The centre's x offset.</param>
    /// <param name="y">The centre's y offset.</param>
    /// <param name="z">The centre's z offset.</param>
    /// <param name="radius">The radius.</param>
    /// <returns>The ball.</returns>
    public static Ellipsoid Ball(double x, double y, double z, double radius) => new(x, y, z, radius, radius, radius);
}

/// <summary>A hollow spherical shell centred on the particle; radii in Å.</summary>
/// <param name="InnerRadius">Where the cavity ends.</param>
/// <param name="OuterRadius">Where the wall ends.</param>
readonly record struct SphericalShell(double InnerRadius, double OuterRadius);

/// <summary>
/// A particle's density model in its own frame (Å): the union of solid ellipsoids and hollow shells, each with unit
/// density and an edge that ramps linearly from 1 to 0 over one voxel, so that rendering is anti-aliased.
/// </summary>
sealed class ParticleShape
{
    readonly Ellipsoid[] ellipsoids;
    readonly SphericalShell[] shells;

    /// <summary>Initializes a new instance of the <see cref="ParticleShape"/> class.</summary>
    /// <param name="ellipsoids">The solid parts.</param>
    /// <param name="shells">The hollow parts.</param>
    public ParticleShape(IEnumerable<Ellipsoid> ellipsoids, IEnumerable<SphericalShell> shells)
    {
        this.ellipsoids = [.. ellipsoids];
        this.shells = [.. shells];
        double extent = 0;
        foreach (Ellipsoid e in this.ellipsoids)
        {
            extent = Math.Max(extent, FarthestDistance(e));
        }

        foreach (SphericalShell s in this.shells)
        {
            extent = Math.Max(extent, s.OuterRadius);
        }

        this.ExtentAngstrom = extent;
    }

    /// <summary>Gets the distance from the centre to the farthest density, edge ramp excluded, in Å.</summary>
    public double ExtentAngstrom { get; }

    /// <summary>Evaluates the density at a point of the particle's frame.</summary>
    /// <param name="x">The x coordinate, Å.</param>
    /// <param name="y">The y coordinate, Å.</param>
    /// <param name="z">The z coordinate, Å.</param>
    /// <param name="edgeAngstrom">The width of the edge ramp, normally one voxel.</param>
    /// <returns>The density, 0–1.</returns>
    public float Density(double x, double y, double z, double edgeAngstrom)
    {
        // The signed distance of the nearest part (negative inside); the union of parts is the minimum.
        double distance = double.PositiveInfinity;
        foreach (Ellipsoid e in this.ellipsoids)
        {
            double dx = x - e.X;
            double dy = y - e.Y;
            double dz = z - e.Z;
            double qx = dx / e.SemiAxisX;
            double qy = dy / e.SemiAxisY;
            double qz = dz / e.SemiAxisZ;
            double q = Math.Sqrt((qx * qx) + (qy * qy) + (qz * qz));
            double r = Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));

            // Distance along the ray from the ellipsoid's centre: exact for a ball, close enough for the mild
            // ellipsoids used here, where it only sets where the one-voxel edge ramp lies.
            double d = q > 0 ? r * (1 - (1 / q)) : -Math.Min(e.SemiAxisX, Math.Min(e.SemiAxisY, e.SemiAxisZ));
            distance = Math.Min(distance, d);
        }

        if (this.shells.Length > 0)
        {
            double r = Math.Sqrt((x * x) + (y * y) + (z * z));
            foreach (SphericalShell s in this.shells)
            {
                distance = Math.Min(distance, Math.Max(r - s.OuterRadius, s.InnerRadius - r));
            }
        }

        return (float)Math.Clamp(0.5 - (distance / edgeAngstrom), 0, 1);
    }

    /// <summary>
    /// Finds the distance from the particle's centre to the farthest point of an off-centre ellipsoid by sampling its
    /// surface every 1°: the error is below R(1 − cos 0.5°) ≈ 0.006 Å for the radii used here.
    /// </summary>
    static double FarthestDistance(Ellipsoid e)
    {
        double farthest = 0;
        for (int i = 0; i <= 180; i++)
        {
            double polar = i * Math.PI / 180;
            for (int j = 0; j < 360; j++)
            {
                double azimuth = j * Math.PI / 180;
                double x = e.X + (e.SemiAxisX * Math.Sin(polar) * Math.Cos(azimuth));
                double y = e.Y + (e.SemiAxisY * Math.Sin(polar) * Math.Sin(azimuth));
                double z = e.Z + (e.SemiAxisZ * Math.Cos(polar));
                farthest = Math.Max(farthest, Math.Sqrt((x * x) + (y * y) + (z * z)));
            }
        }

        return farthest;
    }
}
