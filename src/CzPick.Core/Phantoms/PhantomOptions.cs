using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Volumes;

namespace CzPick.Core.Phantoms;

/// <summary>
/// What a synthetic tomogram looks like. The defaults give a CZII-sized tomogram (184 × 630 × 630 at 10.012 Å) with
/// about 150 particles of the six CZII types, a per-voxel signal-to-noise ratio of 0.3 inside the particles, a
/// missing-wedge-like blur twice as long along z, up to two membranes and a tilted ice slab.
/// </summary>
public sealed record PhantomOptions
{
    /// <summary>Gets the extent of the volume in voxels, (Z, Y, X).</summary>
    public Shape3 Shape { get; init; } = new(184, 630, 630);

    /// <summary>Gets the (isotropic) voxel size, in Å.</summary>
    public double VoxelSpacingAngstrom { get; init; } = VoxelSizeAngstrom.CziiSpacing;

    /// <summary>
    /// Gets the per-voxel signal-to-noise ratio: the mean square of the noise-free particle contrast (against the
    /// surrounding ice, after the blur) over the voxels within each particle's radius, divided by the variance of
    /// the noise. <see cref="double.PositiveInfinity"/> gives a noise-free phantom.
    /// </summary>
    /// <remarks>
    /// The default, 0.3, is hard but learnable: a matched filter finds the ribosomes, virus-like particles and
    /// beta-galactosidases, but only some of the apo-ferritins; at 0.1, nearer raw tomograms, apo-ferritin and
    /// beta-galactosidase sink into the noise.
    /// </remarks>
    public double SignalToNoiseRatio { get; init; } = 0.3;

    /// <summary>
    /// Gets the factor on the mean number of particles of each type (about 150 in all per CZII-sized volume at 1,
    /// scaled by the volume); each run draws its counts between 0.6 and 1.4 times the mean. Ignored when
    /// <see cref="Counts"/> is set.
    /// </summary>
    public double Crowding { get; init; } = 1;

    /// <summary>
    /// Gets exact particle counts by copick name; types not named get none. Null draws the counts from
    /// <see cref="Crowding"/>.
    /// </summary>
    public IReadOnlyDictionary<string, int>? Counts { get; init; }

    /// <summary>Gets the standard deviation of the blur across the sections (x and y), in Å.</summary>
    public double BlurSigmaXyAngstrom { get; init; } = 10;

    /// <summary>
    /// Gets the standard deviation of the blur along z, in Å: longer than across, as the missing wedge elongates
    /// densities along the beam.
    /// </summary>
    public double BlurSigmaZAngstrom { get; init; } = 20;

    /// <summary>
    /// Gets the standard deviation of the noise's band limit across the sections, in Å: at most the signal's blur.
    /// Finer than the signal's, as the noise of a reconstruction reaches higher frequencies than its resolution.
    /// </summary>
    public double NoiseSigmaXyAngstrom { get; init; } = 5;

    /// <summary>Gets the standard deviation of the noise's band limit along z, in Å: at most the signal's blur.</summary>
    public double NoiseSigmaZAngstrom { get; init; } = 10;

    /// <summary>Gets the most membranes (curved lipid bilayers: vesicles and sheets) a run holds; each run draws 0 to this many.</summary>
    public int MaxMembranes { get; init; } = 2;

    /// <summary>
    /// Gets a value indicating whether the specimen is a slab of ice with vacuum above and below, whose faces tilt so
    /// that its thickness, and with it the background level, varies across the field. Particles stay in the ice.
    /// </summary>
    public bool IceSlab { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether dense matter is dark (lower values than the ice), as in CZII tomograms and in
    /// cryo-ET reconstructions generally; false makes particles bright.
    /// </summary>
    public bool DarkParticles { get; init; } = true;

    /// <summary>Gets a value indicating whether a per-voxel label map is made (for training).</summary>
    public bool IncludeLabels { get; init; }

    /// <summary>
    /// Gets the radius of each particle's label ball as a fraction of the particle's radius, as copick's
    /// segmentation-from-picks paints training targets.
    /// </summary>
    public double LabelRadiusFraction { get; init; } = 0.5;

    /// <summary>Checks every option and names the first bad one.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message says what was expected.</exception>
    public void Validate()
    {
        if (!this.Shape.IsPositive)
        {
            throw new ArgumentException($"The phantom's shape must be positive on every axis, not {this.Shape}.", nameof(this.Shape));
        }

        if (this.Shape.VoxelCount > Array.MaxLength)
        {
            throw new ArgumentException($"A {this.Shape} phantom holds {this.Shape.VoxelCount} voxels; at most {Array.MaxLength} fit in memory as one array.", nameof(this.Shape));
        }

        RequirePositiveFinite(this.VoxelSpacingAngstrom, "The voxel size", nameof(this.VoxelSpacingAngstrom));
        if (double.IsNaN(this.SignalToNoiseRatio) || this.SignalToNoiseRatio <= 0)
        {
            throw new ArgumentException($"The signal-to-noise ratio must be positive (or infinite for no noise), not {this.SignalToNoiseRatio}.", nameof(this.SignalToNoiseRatio));
        }

        RequireNonNegativeFinite(this.Crowding, "The crowding", nameof(this.Crowding));
        RequireNonNegativeFinite(this.BlurSigmaXyAngstrom, "The x–y blur", nameof(this.BlurSigmaXyAngstrom));
        RequireNonNegativeFinite(this.BlurSigmaZAngstrom, "The z blur", nameof(this.BlurSigmaZAngstrom));
        RequireNonNegativeFinite(this.NoiseSigmaXyAngstrom, "The noise's x–y band limit", nameof(this.NoiseSigmaXyAngstrom));
        RequireNonNegativeFinite(this.NoiseSigmaZAngstrom, "The noise's z band limit", nameof(this.NoiseSigmaZAngstrom));
        if (this.NoiseSigmaXyAngstrom > this.BlurSigmaXyAngstrom || this.NoiseSigmaZAngstrom > this.BlurSigmaZAngstrom)
        {
            throw new ArgumentException(
                $"The noise's band limit (σ {this.NoiseSigmaXyAngstrom} Å across, {this.NoiseSigmaZAngstrom} Å along z) must not exceed the blur " +
                $"(σ {this.BlurSigmaXyAngstrom} Å, {this.BlurSigmaZAngstrom} Å): the noise passes through the same blur as the signal.",
                nameof(this.NoiseSigmaXyAngstrom));
        }

        if (this.MaxMembranes < 0)
        {
            throw new ArgumentException($"The most membranes per run must be ≥ 0, not {this.MaxMembranes}.", nameof(this.MaxMembranes));
        }
        if (!(this.LabelRadiusFraction > 0 && this.LabelRadiusFraction <= 1))
        {
            throw new ArgumentException($"The label radius fraction must be in (0, 1], not {this.LabelRadiusFraction}.", nameof(this.LabelRadiusFraction));
        }

        foreach ((string name, int count) in this.Counts ?? new Dictionary<string, int>())
        {
            if (!ParticleCatalog.Czii.TryGet(name, out _))
            {
                throw new ArgumentException($"Unknown particle '{name}' in the phantom counts; expected one of: {string.Join(", ", ParticleCatalog.Czii.Particles.Select(p => p.Name))}.", nameof(this.Counts));
            }

            if (count < 0)
            {
                throw new ArgumentException($"The phantom count of '{name}' must not be negative, not {count}.", nameof(this.Counts));
            }
        }
    }

    static void RequirePositiveFinite(double value, string what, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
        {
            throw new ArgumentException($"{what} must be a positive number, not {value}.", name);
        }
    }

    static void RequireNonNegativeFinite(double value, string what, string name)
    {
        if (!(double.IsFinite(value) && value >= 0))
        {
            throw new ArgumentException($"{what} must be a number ≥ 0, not {value}.", name);
        }
    }
}
