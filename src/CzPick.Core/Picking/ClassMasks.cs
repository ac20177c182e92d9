using CzPick.Core.Geometry;
using CzPick.Core.Particles;

namespace CzPick.Core.Picking;

/// <summary>
/// The foreground of every picked class of one block, one bit per voxel: where the class's probability is above its
/// threshold. Filled by <see cref="Blending.Softmax"/> in the same pass that computes the probabilities (so the
/// picker need not read the float maps again), or by <see cref="Threshold"/> from probabilities already computed.
/// Reused block after block.
/// </summary>
public sealed class ClassMasks
{
    readonly (int Channel, float Threshold, ForegroundMask Mask)[] classes;

    /// <summary>Initializes a new instance of the <see cref="ClassMasks"/> class for the picked particles of a catalog.</summary>
    /// <param name="catalog">The particles; each picked one gets a mask of its label's channel at its threshold.</param>
    public ClassMasks(ParticleCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        this.classes = [.. catalog.Particles.Where(p => p.IsPicked).Select(p => (p.Label, p.Picking!.Threshold, new ForegroundMask()))];
    }

    /// <summary>Gets the extent the masks were last filled for.</summary>
    public Shape3 Shape { get; private set; }

    /// <summary>Gets the masked channels with their thresholds and masks.</summary>
    internal IReadOnlyList<(int Channel, float Threshold, ForegroundMask Mask)> Classes => this.classes;

    /// <summary>Fills every mask from probabilities.</summary>
    /// <param name="probabilities">channels × shape.VoxelCount probabilities, channel slowest.</param>
    /// <param name="shape">The extent.</param>
    public void Threshold(float[] probabilities, Shape3 shape)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        this.Shape = shape;
        foreach ((int channel, float threshold, ForegroundMask mask) in this.classes)
        {
            mask.Threshold(probabilities, channel * shape.VoxelCount, shape, threshold);
        }
    }

    /// <summary>Sizes and clears every mask for an extent, before the softmax fills them.</summary>
    /// <param name="shape">The extent.</param>
    internal void Reset(Shape3 shape)
    {
        this.Shape = shape;
        foreach ((_, _, ForegroundMask mask) in this.classes)
        {
            mask.Reset(shape);
        }
    }

    /// <summary>Returns the mask of a channel.</summary>
    /// <param name="channel">The channel (the particle's label).</param>
    /// <returns>The mask.</returns>
    /// <exception cref="ArgumentException">The channel is not masked.</exception>
    internal ForegroundMask For(int channel) =>
        this.classes.FirstOrDefault(c => c.Channel == channel).Mask ?? throw new ArgumentException($"Channel {channel} has no mask.", nameof(channel));
}
