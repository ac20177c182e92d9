namespace CzPick.Core.Geometry;

/// <summary>An axis-aligned box of voxels: a start position and a size, half-open like array slices.</summary>
/// <param name="Start">The first voxel inside the box.</param>
/// <param name="Size">The extent of the box.</param>
public readonly record struct Box3(Index3 Start, Shape3 Size)
{
    /// <summary>Gets the first voxel past the box on each axis.</summary>
    public Index3 End => new(this.Start.Z + this.Size.Z, this.Start.Y + this.Size.Y, this.Start.X + this.Size.X);

    /// <summary>Gets a value indicating whether the box holds no voxel.</summary>
    public bool IsEmpty => !this.Size.IsPositive;

    /// <summary>Creates the box that covers a whole array.</summary>
    /// <param name="shape">The array's shape.</param>
    /// <returns>A box from the origin with that size.</returns>
    public static Box3 Whole(Shape3 shape) => new(Index3.Zero, shape);

    /// <summary>Creates a box from its first voxel and the first voxel past it.</summary>
    /// <param name="start">The first voxel inside.</param>
    /// <param name="end">The first voxel past the box on each axis.</param>
    /// <returns>The box; empty when an end is not past its start.</returns>
    public static Box3 FromBounds(Index3 start, Index3 end) =>
        new(start, new Shape3(Math.Max(0, end.Z - start.Z), Math.Max(0, end.Y - start.Y), Math.Max(0, end.X - start.X)));

    /// <summary>Tells whether a voxel lies inside the box.</summary>
    /// <param name="z">The section.</param>
    /// <param name="y">The row.</param>
    /// <param name="x">The column.</param>
    /// <returns>True when start ≤ position &lt; end on every axis.</returns>
    public bool Contains(int z, int y, int x) =>
        z >= this.Start.Z && z < this.Start.Z + this.Size.Z &&
        y >= this.Start.Y && y < this.Start.Y + this.Size.Y &&
        x >= this.Start.X && x < this.Start.X + this.Size.X;

    /// <summary>Tells whether another box lies wholly inside this one.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>True when every voxel of <paramref name="other"/> is inside this box.</returns>
    public bool Contains(Box3 other) =>
        other.Start.Z >= this.Start.Z && other.End.Z <= this.End.Z &&
        other.Start.Y >= this.Start.Y && other.End.Y <= this.End.Y &&
        other.Start.X >= this.Start.X && other.End.X <= this.End.X;

    /// <summary>Returns the voxels that both boxes hold.</summary>
    /// <param name="other">The other box.</param>
    /// <returns>The intersection; empty when they do not overlap.</returns>
    public Box3 Intersect(Box3 other) => FromBounds(
        new Index3(Math.Max(this.Start.Z, other.Start.Z), Math.Max(this.Start.Y, other.Start.Y), Math.Max(this.Start.X, other.Start.X)),
        new Index3(Math.Min(this.End.Z, other.End.Z), Math.Min(this.End.Y, other.End.Y), Math.Min(this.End.X, other.End.X)));

    /// <inheritdoc/>
    public override string ToString() => $"[{this.Start.Z}:{this.End.Z}, {this.Start.Y}:{this.End.Y}, {this.Start.X}:{this.End.X}]";
}
