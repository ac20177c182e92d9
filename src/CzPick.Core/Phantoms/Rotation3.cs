namespace CzPick.Core.Phantoms;

/// <summary>A 3-D rotation as a row-major 3 × 3 matrix acting on (x, y, z) column vectors.</summary>
/// <param name="M00">Row 0, column 0.</param>
/// <param name="M01">Row 0, column 1.</param>
/// <param name="M02">Row 0, column 2.</param>
/// <param name="M10">Row 1, column 0.</param>
/// <param name="M11">Row 1, column 1.</param>
/// <param name="M12">Row 1, column 2.</param>
/// <param name="M20">Row 2, column 0.</param>
/// <param name="M21">Row 2, column 1.</param>
/// <param name="M22">Row 2, column 2.</param>
readonly record struct Rotation3(
    double M00, double M01, double M02,
    double M10, double M11, double M12,
    double M20, double M21, double M22)
{
    /// <summary>Gets the identity rotation.</summary>
    public static Rotation3 Identity => new(1, 0, 0, 0, 1, 0, 0, 0, 1);

    /// <summary>
    /// Draws a rotation uniformly from SO(3) (Haar measure) through a uniform unit quaternion (Shoemake, Graphics
    /// Gems III): three uniforms, no rejection, so the stream advances by the same amount every time.
    /// </summary>
    /// <param name="random">The stream to draw from.</param>
    /// <returns>The rotation.</returns>
    public static Rotation3 Uniform(ref RandomStream random)
    {
        double u1 = random.NextDouble();
        double u2 = 2 * Math.PI * random.NextDouble();
        double u3 = 2 * Math.PI * random.NextDouble();
        double a = Math.Sqrt(1 - u1);
        double b = Math.Sqrt(u1);
        return FromQuaternion(b * Math.Cos(u3), a * Math.Sin(u2), a * Math.Cos(u2), b * Math.Sin(u3));
    }

    /// <summary>Creates the rotation of a unit quaternion w + xi + yj + zk.</summary>
    /// <param name="w">The scalar part.</param>
    /// <param name="x">The i part.</param>
    /// <param name="y">The j part.</param>
    /// <param name="z">The k part.</param>
    /// <returns>The rotation.</returns>
    public static Rotation3 FromQuaternion(double w, double x, double y, double z) => new(
        1 - (2 * ((y * y) + (z * z))), 2 * ((x * y) - (z * w)), 2 * ((x * z) + (y * w)),
        2 * ((x * y) + (z * w)), 1 - (2 * ((x * x) + (z * z))), 2 * ((y * z) - (x * w)),
        2 * ((x * z) - (y * w)), 2 * ((y * z) + (x * w)), 1 - (2 * ((x * x) + (y * y))));

    /// <summary>Rotates a vector: R · v.</summary>
    /// <param name="x">The x component.</param>
    /// <param name="y">The y component.</param>
    /// <param name="z">The z component.</param>
    /// <returns>The rotated vector.</returns>
    public (double X, double Y, double Z) Apply(double x, double y, double z) => (
        (this.M00 * x) + (this.M01 * y) + (this.M02 * z),
        (this.M10 * x) + (this.M11 * y) + (this.M12 * z),
        (this.M20 * x) + (this.M21 * y) + (this.M22 * z));

    /// <summary>Rotates a vector back: Rᵀ · v, which takes volume coordinates into the particle's own frame.</summary>
    /// <param name="x">The x component.</param>
    /// <param name="y">The y component.</param>
    /// <param name="z">The z component.</param>
    /// <returns>The vector in the particle's frame.</returns>
    public (double X, double Y, double Z) ApplyInverse(double x, double y, double z) => (
        (this.M00 * x) + (this.M10 * y) + (this.M20 * z),
        (this.M01 * x) + (this.M11 * y) + (this.M21 * z),
        (this.M02 * x) + (this.M12 * y) + (this.M22 * z));
}
