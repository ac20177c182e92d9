namespace CzPick.Core.Geometry;

/// <summary>A voxel position (Z, Y, X), slowest axis first.</summary>
/// <param name="Z">The section.</param>
/// <param name="Y">The row.</param>
/// <param name="X">The column.</param>
public readonly record struct Index3(int Z, int Y, int X)
{
    /// <summary>Gets the origin (0, 0, 0).</summary>
    public static Index3 Zero => default;

    /// <summary>Adds two positions axis by axis.</summary>
    /// <param name="a">The first position.</param>
    /// <param name="b">The second position.</param>
    /// <returns>The sum.</returns>
    public static Index3 operator +(Index3 a, Index3 b) => new(a.Z + b.Z, a.Y + b.Y, a.X + b.X);

    /// <summary>Subtracts two positions axis by axis.</summary>
    /// <param name="a">The first position.</param>
    /// <param name="b">The second position.</param>
    /// <returns>The difference.</returns>
    public static Index3 operator -(Index3 a, Index3 b) => new(a.Z - b.Z, a.Y - b.Y, a.X - b.X);

    /// <inheritdoc/>
    public override string ToString() => $"({this.Z}, {this.Y}, {this.X})";
}
