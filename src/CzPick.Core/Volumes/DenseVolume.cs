using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes;

/// <summary>A volume held in memory as float32 in C order (z slowest); also a source that reads from itself.</summary>
public sealed class DenseVolume : IVolumeSource
{
    /// <summary>Initializes a new instance of the <see cref="DenseVolume"/> class over existing voxels.</summary>
    /// <param name="info">The volume's name, shape and voxel size.</param>
    /// <param name="voxels">The voxels in C order, exactly info.Shape.VoxelCount long.</param>
    /// <exception cref="ArgumentException">The voxel count does not match the shape.</exception>
    public DenseVolume(VolumeInfo info, float[] voxels)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(voxels);
        if (voxels.LongLength != info.Shape.VoxelCount)
        {
            throw new ArgumentException($"A {info.Shape} volume needs {info.Shape.VoxelCount} voxels, not {voxels.LongLength}.", nameof(voxels));
        }

        this.Info = info;
        this.Voxels = voxels;
    }

    /// <summary>Initializes a new instance of the <see cref="DenseVolume"/> class, filled with zeros.</summary>
    /// <param name="name">The run name.</param>
    /// <param name="shape">The extent in voxels.</param>
    /// <param name="voxelSize">The voxel size in Å.</param>
    public DenseVolume(string name, Shape3 shape, VoxelSizeAngstrom voxelSize)
        : this(new VolumeInfo(name, shape, voxelSize, "memory", "float32"), new float[checked((int)shape.VoxelCount)])
    {
    }

    /// <inheritdoc/>
    public VolumeInfo Info { get; }

    /// <summary>Gets the voxels in C order.</summary>
    public float[] Voxels { get; }

    /// <summary>Gets the volume's shape.</summary>
    public Shape3 Shape => this.Info.Shape;

    /// <summary>Gets or sets one voxel.</summary>
    /// <param name="z">The section.</param>
    /// <param name="y">The row.</param>
    /// <param name="x">The column.</param>
    /// <returns>The voxel's value.</returns>
    public float this[int z, int y, int x]
    {
        get => this.Voxels[this.Shape.IndexOf(z, y, x)];
        set => this.Voxels[this.Shape.IndexOf(z, y, x)] = value;
    }

    /// <inheritdoc/>
    public ValueTask ReadAsync(Box3 region, Memory<float> destination, CancellationToken cancellationToken = default)
    {
        VolumeRegion.Validate(this.Shape, region, destination.Length);
        VolumeRegion.Copy(this.Voxels, this.Shape, region, destination.Span);
        return ValueTask.CompletedTask;
    }

    /// <summary>Does nothing: the voxels are managed memory.</summary>
    public void Dispose()
    {
    }
}
