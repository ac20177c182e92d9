namespace CzPick.Core.Copick;

/// <summary>One point of a copick picks file.</summary>
/// <param name="X">The x coordinate of its <c>location</c>, in Å.</param>
/// <param name="Y">The y coordinate, in Å.</param>
/// <param name="Z">The z coordinate, in Å.</param>
/// <param name="Transformation">Its <c>transformation_</c>; the identity when the file has none.</param>
/// <param name="InstanceId">Its <c>instance_id</c>; copick's default is 0.</param>
/// <param name="Score">Its <c>score</c>; copick's default is 1.</param>
public sealed record CopickPoint(
    double X,
    double Y,
    double Z,
    CopickTransformation Transformation,
    int InstanceId,
    double Score);
