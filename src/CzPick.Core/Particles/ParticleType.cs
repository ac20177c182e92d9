namespace CzPick.Core.Particles;

/// <summary>One kind of particle: a copick pickable object with its competition weight and picking recipe.</summary>
/// <param name="Label">The network's output channel for this particle (0 is background).</param>
/// <param name="Name">The copick object name, e.g. "beta-galactosidase" (never contains an underscore).</param>
/// <param name="PdbId">The Protein Data Bank entry, when there is one.</param>
/// <param name="RadiusAngstrom">The particle radius in Å; a pick within half of it matches.</param>
/// <param name="ScoreWeight">The weight of this particle in the competition score (0 for beta-amylase).</param>
/// <param name="Color">The display colour as RGBA, 0–255 each, as copick configs write it.</param>
/// <param name="Picking">How picks are extracted; null when the particle is not picked.</param>
public sealed record ParticleType(
    int Label,
    string Name,
    string? PdbId,
    double RadiusAngstrom,
    double ScoreWeight,
    byte[] Color,
    PickingParameters? Picking)
{
    /// <summary>Gets a value indicating whether the picker extracts this particle.</summary>
    public bool IsPicked => this.Picking is not null;

    /// <summary>Gets the colour as a CSS hex string, e.g. "#0075dc".</summary>
    public string ColorHex => $"#{this.Color[0]:x2}{this.Color[1]:x2}{this.Color[2]:x2}";
}
