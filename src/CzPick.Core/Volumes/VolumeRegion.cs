using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes;

/// <summary>Checks and copies regions of C-order arrays; shared by every <see cref="IVolumeSource"/>.</summary>
public static class VolumeRegion
{
    /// <summary>Checks that a region lies inside a volume and that a destination has room for exactly its voxels.</summary>
    /// <param name="shape">The volume's shape.</param>
    /// <param name="region">The region to read.</param>
    /// <param name="destinationLength">The destination's length.</param>
    /// <exception cref="ArgumentOutOfRangeException">The region is empty or not inside the volume, or the length is wrong.</exception>
    public static void Validate(Shape3 shape, Box3 region, long destinationLength)
    {
        if (region.IsEmpty || !Box3.Whole(shape).Contains(region))
        {
            throw new ArgumentOutOfRangeException(nameof(region), $"Region {region} is not a non-empty part of a {shape} volume.");
        }

        if (destinationLength != region.Size.VoxelCount)
        {
            throw new ArgumentOutOfRangeException(nameof(destinationLength), $"Region {region} holds {region.Size.VoxelCount} voxels; the destination holds {destinationLength}.");
        }
    }

    /// <summary>Copies a region of a C-order array into a dense C-order destination, row by row.</summary>
    /// <param name="source">The whole array.</param>
    /// <param name="shape">The whole array's shape.</param>
    /// <param name="region">The region to copy, inside the array.</param>
    /// <param name="destination">Receives region.Size voxels.</param>
    public static void Copy(ReadOnlySpan<float> source, Shape3 shape, Box3 region, Span<float> destination)
    {
        int rowLength = region.Size.X;
        int row = 0;
        for (int z = region.Start.Z; z < region.End.Z; z++)
        {
            for (int y = region.Start.Y; y < region.End.Y; y++, row++)
            {
                source.Slice(checked((int)shape.IndexOf(z, y, region.Start.X)), rowLength)
                    .CopyTo(destination.Slice(row * rowLength, rowLength));
            }
        }
    }
}
