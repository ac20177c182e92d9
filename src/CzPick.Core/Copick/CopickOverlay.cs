using CzPick.Core.Picking;

namespace CzPick.Core.Copick;

/// <summary>
/// A copick overlay root on the file system: picks live at <c>ExperimentRuns/{run}/Picks/{user}_{session}_{object}.json</c>.
/// The blob container <c>picks</c> has the same layout, so <see cref="PicksRelativePath"/> is also its blob name.
/// </summary>
public sealed class CopickOverlay
{
    /// <summary>The directory below the root that holds one directory per run.</summary>
    public const string RunsDirectory = "ExperimentRuns";

    /// <summary>The directory below a run that holds its picks files.</summary>
    public const string PicksDirectory = "Picks";

    /// <summary>Initializes a new instance of the <see cref="CopickOverlay"/> class.</summary>
    /// <param name="root">The overlay root: the directory that holds (or will hold) ExperimentRuns/.</param>
    public CopickOverlay(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        this.Root = Path.GetFullPath(root);
    }

    /// <summary>Gets the overlay root's full path.</summary>
    public string Root { get; }

    /// <summary>Returns where a picks file lives below an overlay root, with '/' separators.</summary>
    /// <param name="run">The run name; underscores are allowed.</param>
    /// <param name="userId">The user id; no underscores.</param>
    /// <param name="sessionId">The session id; no underscores.</param>
    /// <param name="objectName">The object name; no underscores.</param>
    /// <returns>For example "ExperimentRuns/TS_5_4/Picks/czpick_0_ribosome.json".</returns>
    /// <exception cref="ArgumentException">A name would break copick's file-name scheme; the message says which and why.</exception>
    public static string PicksRelativePath(string run, string userId, string sessionId, string objectName)
    {
        CopickNames.ThrowIfInvalidRunName(run);
        CopickNames.ThrowIfInvalidName(userId, "user id");
        CopickNames.ThrowIfInvalidName(sessionId, "session id");
        CopickNames.ThrowIfInvalidName(objectName, "object name");
        return $"{RunsDirectory}/{run}/{PicksDirectory}/{userId}_{sessionId}_{objectName}.json";
    }

    /// <summary>Writes a picks file at its place in the overlay, replacing any file there.</summary>
    /// <param name="file">The content; its run, user, session and object name the file.</param>
    /// <returns>The full path written.</returns>
    /// <exception cref="InvalidOperationException">The file names no run.</exception>
    /// <exception cref="ArgumentException">A name would break copick's file-name scheme, or a number is not finite.</exception>
    public string Write(CopickPicksFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string path = Path.Combine(this.Root, file.RelativePath);
        CopickPicksJson.Write(path, file);
        return path;
    }

    /// <summary>
    /// Writes the picks of one run as one file per object, in the given order; an object without picks gets a file
    /// with no points, so readers still see that the run was picked for it.
    /// </summary>
    /// <param name="run">The run name.</param>
    /// <param name="userId">The user id, e.g. "czpick".</param>
    /// <param name="sessionId">The session id, e.g. "0".</param>
    /// <param name="voxelSpacing">The voxel spacing of the tomogram picked, in Å.</param>
    /// <param name="objectNames">The objects to write, e.g. the names of a catalog's picked particles.</param>
    /// <param name="picks">The picks; each must be of one of <paramref name="objectNames"/>.</param>
    /// <returns>The full paths written.</returns>
    /// <exception cref="ArgumentException">A name would break copick's file-name scheme, or a pick is of an object not listed.</exception>
    public IReadOnlyList<string> WriteRun(string run, string userId, string sessionId, double voxelSpacing, IEnumerable<string> objectNames, IEnumerable<Pick> picks)
    {
        ArgumentNullException.ThrowIfNull(objectNames);
        ArgumentNullException.ThrowIfNull(picks);
        string[] names = [.. objectNames];
        ILookup<string, Pick> byObject = picks.ToLookup(p => p.Particle, StringComparer.Ordinal);
        if (byObject.FirstOrDefault(g => !names.Contains(g.Key, StringComparer.Ordinal)) is IGrouping<string, Pick> stray)
        {
            throw new ArgumentException($"{stray.Count()} picks of run {run} are '{stray.Key}', which is not among the objects to write ({string.Join(", ", names)}).", nameof(picks));
        }

        return [.. names.Select(name => this.Write(CopickPicksFile.FromPicks(run, name, userId, sessionId, voxelSpacing, byObject[name])))];
    }

    /// <summary>
    /// Reads every picks file of every run, optionally only those of one user and/or session. The user, session and
    /// object come from each file's content, so files named only <c>{object}.json</c> (as in the CZII training
    /// data) are read too; the run is the directory the file lies in, as copick has it. Hidden files are skipped.
    /// </summary>
    /// <param name="userId">Only files with this user_id; null for all.</param>
    /// <param name="sessionId">Only files with this session_id; null for all.</param>
    /// <returns>The files, by run, then by file name (ordinal).</returns>
    /// <exception cref="DirectoryNotFoundException">The root has no ExperimentRuns directory.</exception>
    /// <exception cref="CopickFormatException">A picks file is not valid.</exception>
    public IReadOnlyList<CopickPicksFile> ReadPicks(string? userId = null, string? sessionId = null)
    {
        string runs = Path.Combine(this.Root, RunsDirectory);
        if (!Directory.Exists(runs))
        {
            throw new DirectoryNotFoundException(
                $"{this.Root} has no {RunsDirectory} directory; expected a copick overlay root holding {RunsDirectory}/{{run}}/{PicksDirectory}/*.json.");
        }

        return [.. Directory.GetDirectories(runs).Order(StringComparer.Ordinal).SelectMany(run => this.ReadRunPicks(Path.GetFileName(run), userId, sessionId))];
    }

    /// <summary>
    /// Reads the picks files of one run, optionally only those of one user and/or session; as <see cref="ReadPicks"/>,
    /// the user, session and object come from each file's content, the run from the directory.
    /// </summary>
    /// <param name="run">The run name.</param>
    /// <param name="userId">Only files with this user_id; null for all.</param>
    /// <param name="sessionId">Only files with this session_id; null for all.</param>
    /// <returns>The files, by file name (ordinal); none when the run has no Picks directory.</returns>
    /// <exception cref="ArgumentException">The run name cannot be a directory name.</exception>
    /// <exception cref="CopickFormatException">A picks file is not valid.</exception>
    public IReadOnlyList<CopickPicksFile> ReadRunPicks(string run, string? userId = null, string? sessionId = null)
    {
        CopickNames.ThrowIfInvalidRunName(run);
        string picks = Path.Combine(this.Root, RunsDirectory, run, PicksDirectory);
        if (!Directory.Exists(picks))
        {
            return [];
        }

        List<CopickPicksFile> files = [];
        foreach (string path in Directory.GetFiles(picks, "*.json").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileName(path).StartsWith('.'))
            {
                continue;
            }

            CopickPicksFile file = CopickPicksJson.Read(path);
            if ((userId is null || file.UserId == userId) && (sessionId is null || file.SessionId == sessionId))
            {
                files.Add(file with { RunName = run });
            }
        }

        return files;
    }

    /// <summary>
    /// Reads the picks of every run from one user and session, as the scorer takes them. A run is included when at
    /// least one of its files matches, even if that file holds no points.
    /// </summary>
    /// <param name="userId">Only files with this user_id; null for all.</param>
    /// <param name="sessionId">Only files with this session_id; null for all.</param>
    /// <returns>The picks by run name, runs in ordinal order.</returns>
    /// <exception cref="DirectoryNotFoundException">The root has no ExperimentRuns directory.</exception>
    /// <exception cref="CopickFormatException">
    /// A picks file is not valid, or a run holds two files for one object (from different users or sessions), which
    /// would count its particles twice.
    /// </exception>
    public IReadOnlyDictionary<string, IReadOnlyList<Pick>> ReadPicksByRun(string? userId = null, string? sessionId = null)
    {
        Dictionary<string, IReadOnlyList<Pick>> byRun = new(StringComparer.Ordinal);
        foreach (IGrouping<string, CopickPicksFile> run in this.ReadPicks(userId, sessionId).GroupBy(f => f.RunName!, StringComparer.Ordinal))
        {
            foreach (IGrouping<string, CopickPicksFile> sameObject in run.GroupBy(f => f.PickableObjectName, StringComparer.Ordinal))
            {
                if (sameObject.Count() > 1)
                {
                    throw new CopickFormatException(
                        Path.Combine(this.Root, RunsDirectory, run.Key, PicksDirectory),
                        $"{sameObject.Count()} files hold {sameObject.Key} picks (user/session {string.Join(", ", sameObject.Select(f => $"{f.UserId}/{f.SessionId}"))}); choose one user and session.");
                }
            }

            byRun.Add(run.Key, [.. run.SelectMany(f => f.ToPicks())]);
        }

        return byRun;
    }
}
