namespace CzPick.Core.Picking;

/// <summary>One picked particle: its type and centre in ångström, with the picker's confidence.</summary>
/// <param name="Particle">The copick object name, e.g. "ribosome".</param>
/// <param name="XAngstrom">The centre's x coordinate, in Å from the volume's first voxel centre.</param>
/// <param name="YAngstrom">The centre's y coordinate, in Å.</param>
/// <param name="ZAngstrom">The centre's z coordinate, in Å.</param>
/// <param name="Score">The mean class probability over the pick's region, 0–1 (1 for ground truth).</param>
public sealed record Pick(string Particle, double XAngstrom, double YAngstrom, double ZAngstrom, float Score);
