using CzPick.Core.Copick;

namespace CzPick.Core.Particles;

/// <summary>
/// The particles a model knows, in network label order. <see cref="Czii"/> is the competition's six with the
/// seed model's picking parameters.
/// </summary>
public sealed class ParticleCatalog
{
    readonly Dictionary<string, ParticleType> byName;

    /// <summary>Initializes a new instance of the <see cref="ParticleCatalog"/> class.</summary>
    /// <param name="particles">The particles; labels must be distinct and positive, names distinct.</param>
    /// <exception cref="ArgumentException">Two particles share a label or a name, or a label is not positive.</exception>
    public ParticleCatalog(IEnumerable<ParticleType> particles)
    {
        ArgumentNullException.ThrowIfNull(particles);
        this.Particles = particles.OrderBy(p => p.Label).ToArray();
        this.byName = new Dictionary<string, ParticleType>(StringComparer.Ordinal);
        HashSet<int> labels = [];
        foreach (ParticleType particle in this.Particles)
        {
            if (particle.Label <= 0)
            {
                throw new ArgumentException($"Particle '{particle.Name}' has label {particle.Label}; labels start at 1 (0 is background).", nameof(particles));
            }

            if (!labels.Add(particle.Label))
            {
                throw new ArgumentException($"Two particles have label {particle.Label}.", nameof(particles));
            }

            if (!this.byName.TryAdd(particle.Name, particle))
            {
                throw new ArgumentException($"Two particles are named '{particle.Name}'.", nameof(particles));
            }
        }
    }

    /// <summary>
    /// Gets the six particles of the CZII CryoET Object Identification competition with the seed model's picking
    /// parameters (probability &gt; 0.1, min blob, min distance = radius / 10 Å).
    /// </summary>
    public static ParticleCatalog Czii { get; } = new(
    [
        new(1, "apo-ferritin", "4V1W", 60, 1, [0, 117, 220, 128], new(0.1f, 80.09733552923254, 6)),
        new(2, "beta-amylase", "1FA2", 65, 0, [153, 63, 0, 128], null),
        new(3, "beta-galactosidase", "6X1Q", 90, 2, [76, 0, 92, 128], new(0.1f, 368, 9)),
        new(4, "ribosome", "6EK0", 150, 1, [0, 92, 49, 128], new(0.1f, 750, 15)),
        new(5, "thyroglobulin", "6SCJ", 130, 2, [43, 206, 72, 128], new(0.1f, 480, 13)),

        // The competition's copick config names 6N4V for the virus-like particle.
        new(6, "virus-like-particle", "6N4V", 135, 1, [255, 204, 153, 128], new(0.1f, 1150.3465099894624, 13)),
    ]);

    /// <summary>
    /// Reads the particles of a copick project config, such as the competition's (<c>pickable_objects</c> with name,
    /// is_particle, pdb_id, label, color, radius, map_threshold). A particle the competition knows keeps the seed's
    /// score weight and picking parameters; any other gets weight 1 (the Kaggle scorer's default) and is not picked
    /// until a model supplies its parameters. Objects that are not particles are left out.
    /// </summary>
    /// <param name="path">The config file.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="CopickFormatException">The config is malformed; the message names the object and the problem.</exception>
    public static ParticleCatalog FromCopickConfig(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return FromCopickConfig(stream, path);
    }

    /// <summary>Reads the particles of a copick project config; see <see cref="FromCopickConfig(string)"/>.</summary>
    /// <param name="stream">The config JSON.</param>
    /// <param name="sourceName">The file or blob name, for messages.</param>
    /// <returns>The catalog.</returns>
    /// <exception cref="CopickFormatException">The config is malformed; the message names the object and the problem.</exception>
    public static ParticleCatalog FromCopickConfig(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return new ParticleCatalog(CopickConfigReader.ReadParticles(stream, sourceName));
    }

    /// <summary>Gets the particles in label order.</summary>
    public IReadOnlyList<ParticleType> Particles { get; }

    /// <summary>Gets the number of network output channels: background plus the highest label.</summary>
    public int ChannelCount => this.Particles.Count == 0 ? 1 : this.Particles[^1].Label + 1;

    /// <summary>Gets the largest particle radius, in Å.</summary>
    public double MaxRadiusAngstrom => this.Particles.Count == 0 ? 0 : this.Particles.Max(p => p.RadiusAngstrom);

    /// <summary>Finds a particle by its copick name.</summary>
    /// <param name="name">The name, e.g. "ribosome".</param>
    /// <returns>The particle.</returns>
    /// <exception cref="KeyNotFoundException">No particle has that name; the message lists the known names.</exception>
    public ParticleType this[string name] => this.TryGet(name, out ParticleType? particle)
        ? particle
        : throw new KeyNotFoundException($"Unknown particle '{name}'; expected one of: {string.Join(", ", this.byName.Keys)}.");

    /// <summary>Finds a particle by its copick name.</summary>
    /// <param name="name">The name.</param>
    /// <param name="particle">The particle, when found.</param>
    /// <returns>True when a particle has that name.</returns>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ParticleType? particle) =>
        this.byName.TryGetValue(name, out particle);
}
