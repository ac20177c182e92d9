namespace CzPick.Core.Volumes;

/// <summary>The physical size of one voxel along each axis, in ångström.</summary>
/// <param name="X">The size along x (columns).</param>
/// <param name="Y">The size along y (rows).</param>
/// <param name="Z">The size along z (sections).</param>
public readonly record struct VoxelSizeAngstrom(double X, double Y, double Z)
{
    /// <summary>The CZII competition's voxel spacing, 10.012 Å, as copick configs write it.</summary>
    public const double CziiSpacing = 10.012;

    /// <summary>Creates an isotropic voxel size.</summary>
    /// <param name="size">The size along every axis, in Å.</param>
    /// <returns>The voxel size.</returns>
    public static VoxelSizeAngstrom Isotropic(double size) => new(size, size, size);

    /// <summary>Gets a value indicating whether all three sizes are equal within 0.1 %.</summary>
    public bool IsIsotropic => Math.Abs(this.X - this.Y) <= 1e-3 * this.X && Math.Abs(this.X - this.Z) <= 1e-3 * this.X;

    /// <inheritdoc/>
    public override string ToString() =>
        this.IsIsotropic ? $"{this.X:0.###} Å" : $"{this.X:0.###} × {this.Y:0.###} × {this.Z:0.###} Å (x, y, z)";
}
