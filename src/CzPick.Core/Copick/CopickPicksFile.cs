using System.Globalization;
using CzPick.Core.Picking;

namespace CzPick.Core.Copick;

/// <summary>
/// The content of one copick picks file: the points of one object in one run, from one user and session. Field for
/// field copick's <c>CopickPicksFile</c> model; locations are always in ångström.
/// </summary>
/// <param name="PickableObjectName">The object, e.g. "ribosome": <c>pickable_object_name</c>.</param>
/// <param name="UserId">Who or what made the picks, e.g. "czpick" or "curation": <c>user_id</c>.</param>
/// <param name="SessionId">The session, "0" for tools: <c>session_id</c>.</param>
/// <param name="RunName">The run, e.g. "TS_5_4": <c>run_name</c> (optional in copick; the reader fills it from the run directory).</param>
/// <param name="VoxelSpacing">The voxel spacing of the tomogram picked, in Å: <c>voxel_spacing</c> (optional in copick).</param>
/// <param name="TrustOrientation">Whether the points' rotations mean anything: <c>trust_orientation</c>.</param>
/// <param name="Points">The points.</param>
public sealed record CopickPicksFile(
    string PickableObjectName,
    string UserId,
    string SessionId,
    string? RunName,
    double? VoxelSpacing,
    bool TrustOrientation,
    IReadOnlyList<CopickPoint> Points)
{
    /// <summary>The only unit copick writes, and the only one CzPick reads.</summary>
    public const string Angstrom = "angstrom";

    /// <summary>Gets the file's path below an overlay root: <c>ExperimentRuns/{run}/Picks/{user}_{session}_{object}.json</c>.</summary>
    /// <exception cref="InvalidOperationException">The file names no run.</exception>
    /// <exception cref="ArgumentException">A name would break copick's file-name scheme.</exception>
    public string RelativePath => CopickOverlay.PicksRelativePath(
        this.RunName ?? throw new InvalidOperationException($"The {this.PickableObjectName} picks name no run, so they have no copick path."),
        this.UserId,
        this.SessionId,
        this.PickableObjectName);

    /// <summary>
    /// Makes the picks file CzPick writes for one run and object: identity transformations, untrusted orientation,
    /// instance ids 0, 1, 2… in pick order, the picker's score.
    /// </summary>
    /// <param name="run">The run name.</param>
    /// <param name="objectName">The object; every pick must be of it.</param>
    /// <param name="userId">The user id, e.g. "czpick".</param>
    /// <param name="sessionId">The session id, e.g. "0".</param>
    /// <param name="voxelSpacing">The voxel spacing of the tomogram picked, in Å.</param>
    /// <param name="picks">The picks.</param>
    /// <returns>The file's content.</returns>
    /// <exception cref="ArgumentException">A name is not valid for copick, or a pick is of another object.</exception>
    public static CopickPicksFile FromPicks(string run, string objectName, string userId, string sessionId, double voxelSpacing, IEnumerable<Pick> picks)
    {
        ArgumentNullException.ThrowIfNull(picks);
        CopickNames.ThrowIfInvalidRunName(run);
        CopickNames.ThrowIfInvalidName(objectName, "object name");
        CopickNames.ThrowIfInvalidName(userId, "user id");
        CopickNames.ThrowIfInvalidName(sessionId, "session id");
        List<CopickPoint> points = [];
        foreach (Pick pick in picks)
        {
            if (!string.Equals(pick.Particle, objectName, StringComparison.Ordinal))
            {
                throw new ArgumentException($"A '{pick.Particle}' pick cannot go into the '{objectName}' picks file.", nameof(picks));
            }

            points.Add(new CopickPoint(pick.XAngstrom, pick.YAngstrom, pick.ZAngstrom, CopickTransformation.Identity, points.Count, ShortestDouble(pick.Score)));
        }

        return new CopickPicksFile(objectName, userId, sessionId, run, voxelSpacing, TrustOrientation: false, points);
    }

    /// <summary>Returns the points as picks of this file's object.</summary>
    /// <returns>One pick per point, in file order, with the point's score.</returns>
    public IReadOnlyList<Pick> ToPicks() =>
        [.. this.Points.Select(p => new Pick(this.PickableObjectName, p.X, p.Y, p.Z, (float)p.Score))];

    /// <summary>
    /// Widens a float score through its shortest text, so 0.93f is written as 0.93, not 0.9300000071525574; it still
    /// reads back to the same float.
    /// </summary>
    static double ShortestDouble(float score) =>
        double.Parse(score.ToString(CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}
