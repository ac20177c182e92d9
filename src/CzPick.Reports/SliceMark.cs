using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Reports;

/// <summary>A pick or reference particle to draw on slices.</summary>
/// <param name="Pick">Its centre in Å and its particle type's name.</param>
/// <param name="Particle">Its particle type, for the radius and colour.</param>
/// <param name="Style">How it is drawn.</param>
readonly record struct SliceMark(Pick Pick, ParticleType Particle, MarkStyle Style);
