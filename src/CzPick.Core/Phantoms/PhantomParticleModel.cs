namespace CzPick.Core.Phantoms;

/// <summary>How a phantom draws one particle type: its density model and how many there are on average.</summary>
/// <param name="Name">The copick object name.</param>
/// <param name="Shape">The density model, in Å.</param>
/// <param name="MeanCount">The mean number per 184 × 630 × 630 volume at 10.012 Å (≈ 4.6 × 10¹¹ Å³).</param>
sealed record PhantomParticleModel(string Name, ParticleShape Shape, double MeanCount)
{
    /// <summary>The volume the mean counts refer to: a CZII tomogram, in Å³.</summary>
    public const double ReferenceVolumeCubicAngstrom = 184 * 630 * 630 * 10.012 * 10.012 * 10.012;

    static readonly Dictionary<string, PhantomParticleModel> Models = new PhantomParticleModel[]
    {
        // Apo-ferritin: a 24-mer cage 120 Å across around an empty 80 Å core.
        new("apo-ferritin", new([], [new SphericalShell(39, 60)]), 45),

        // Beta-amylase: a compact tetramer, four lobes on the corners of a tetrahedron; solid where ferritin is
        // hollow, which is what tells the two nearly equal sizes apart.
        new("beta-amylase", new(TetrahedralLobes(32, 31), []), 12),

        // Beta-galactosidase: a D2 tetramer, four lobes in a flat rectangle, about 165 × 125 × 90 Å.
        new("beta-galactosidase", new(
        [
            new(36, 24, 0, 46, 38, 44), new(-36, 24, 0, 46, 38, 44),
            new(36, -24, 0, 46, 38, 44), new(-36, -24, 0, 46, 38, 44),
        ], []), 13),

        // Ribosome: a large subunit with a smaller one (about a quarter of its volume) on its side, 280 × 200 × 190 Å,
        // the two placed so that the centre of mass is the particle's centre.
        new("ribosome", new([new(-26, 0, 0, 105, 100, 95), new(89, 0, 0, 60, 80, 70)], []), 35),

        // Thyroglobulin: an elongated dimer of two lobes with a waist between them, about 250 × 100 × 85 Å.
        new("thyroglobulin", new([new(58, 0, 0, 66, 48, 42), new(-58, 0, 0, 66, 48, 42)], []), 30),

        // Virus-like particle: a thin capsid 270 Å across, empty inside.
        new("virus-like-particle", new([], [new SphericalShell(112, 135)]), 13),
    }.ToDictionary(m => m.Name, StringComparer.Ordinal);

    /// <summary>Gets the model of one of the six CZII particle types.</summary>
    /// <param name="name">The copick object name.</param>
    /// <returns>The model.</returns>
    /// <exception cref="KeyNotFoundException">No model has that name; the message lists the known ones.</exception>
    public static PhantomParticleModel Get(string name) => Models.TryGetValue(name, out PhantomParticleModel? model)
        ? model
        : throw new KeyNotFoundException($"No phantom model for particle '{name}'; expected one of: {string.Join(", ", Models.Keys)}.");

    static Ellipsoid[] TetrahedralLobes(double distance, double radius)
    {
        double d = distance / Math.Sqrt(3);
        return
        [
            Ellipsoid.Ball(d, d, d, radius), Ellipsoid.Ball(d, -d, -d, radius),
            Ellipsoid.Ball(-d, d, -d, radius), Ellipsoid.Ball(-d, -d, d, radius),
        ];
    }
}
