using CzPick.Core.Blending;
using CzPick.Core.Particles;

namespace CzPick.Core.Blocks;

/// <summary>How a block is picked: the particles with their picking parameters, and the sliding window.</summary>
public sealed record BlockPickerOptions
{
    /// <summary>Gets the particles in network label order; those with picking parameters are picked.</summary>
    public required ParticleCatalog Catalog { get; init; }

    /// <summary>Gets the sliding window, overlap and Gaussian.</summary>
    public BlendOptions Blend { get; init; } = new();
}
