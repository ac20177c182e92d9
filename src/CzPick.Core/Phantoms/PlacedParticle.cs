using CzPick.Core.Particles;

namespace CzPick.Core.Phantoms;

/// <summary>One particle of a phantom: its type, model, centre (voxel units, continuous) and orientation.</summary>
/// <param name="Type">The catalog entry.</param>
/// <param name="Model">The density model.</param>
/// <param name="Z">The centre's section.</param>
/// <param name="Y">The centre's row.</param>
/// <param name="X">The centre's column.</param>
/// <param name="Rotation">Takes the model's frame into the volume's (x, y, z).</param>
readonly record struct PlacedParticle(ParticleType Type, PhantomParticleModel Model, double Z, double Y, double X, Rotation3 Rotation)
{
    /// <summary>Adds the particle's density to one section, visiting only the voxels within its extent.</summary>
    /// <param name="section">The section's voxels, rows of <paramref name="width"/>.</param>
    /// <param name="z">The section's index.</param>
    /// <param name="height">The number of rows.</param>
    /// <param name="width">The number of columns.</param>
    /// <param name="voxelAngstrom">The voxel size.</param>
    /// <param name="scale">The contrast: ±1 for dark or bright matter.</param>
    public void AddTo(Span<float> section, int z, int height, int width, double voxelAngstrom, float scale)
    {
        // One voxel beyond the model's extent covers the outer half of the anti-aliasing ramp.
        double reach = (this.Model.Shape.ExtentAngstrom / voxelAngstrom) + 1;
        double dz = z - this.Z;
        double planarSquared = (reach * reach) - (dz * dz);
        if (planarSquared < 0)
        {
            return;
        }

        double planar = Math.Sqrt(planarSquared);
        int firstY = Math.Max(0, (int)Math.Ceiling(this.Y - planar));
        int lastY = Math.Min(height - 1, (int)Math.Floor(this.Y + planar));
        for (int y = firstY; y <= lastY; y++)
        {
            double dy = y - this.Y;
            double rowSquared = planarSquared - (dy * dy);
            if (rowSquared < 0)
            {
                continue;
            }

            double half = Math.Sqrt(rowSquared);
            int firstX = Math.Max(0, (int)Math.Ceiling(this.X - half));
            int lastX = Math.Min(width - 1, (int)Math.Floor(this.X + half));
            Span<float> row = section.Slice(y * width, width);
            for (int x = firstX; x <= lastX; x++)
            {
                (double lx, double ly, double lz) = this.Rotation.ApplyInverse(
                    (x - this.X) * voxelAngstrom, dy * voxelAngstrom, dz * voxelAngstrom);
                row[x] += scale * this.Model.Shape.Density(lx, ly, lz, voxelAngstrom);
            }
        }
    }
}
