namespace CzPick.Core.Particles;

/// <summary>How picks are extracted from one class's probability map (the seed's watershed recipe).</summary>
/// <param name="Threshold">Voxels with probability above this are foreground.</param>
/// <param name="MinBlobVoxels">Watershed regions smaller than this many voxels are dropped.</param>
/// <param name="MinDistanceVoxels">Distance-transform peaks closer than this are merged (peak_local_max's min_distance).</param>
public sealed record PickingParameters(float Threshold, double MinBlobVoxels, int MinDistanceVoxels);
