using System.Globalization;
using System.Text.Json;
using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Copick;

/// <summary>
/// A copick project on the local file system, laid out as copick's filesystem backend lays it out
/// (copick/impl/filesystem.py): a config JSON names the particles (<c>pickable_objects</c>), a writable
/// <c>overlay_root</c> and an optional read-only <c>static_root</c>; each root holds
/// <c>ExperimentRuns/{run}/VoxelSpacing{spacing:.3f}/{tomo_type}.zarr</c> tomograms and
/// <c>ExperimentRuns/{run}/Picks/{user}_{session}_{object}.json</c> picks. Runs, voxel spacings, tomograms and picks
/// are found in both roots (static first, as copick lists them); picks are written to the overlay only.
/// </summary>
public sealed class CopickProject
{
    /// <summary>The user id CzPick writes picks under when neither the caller nor the config names one.</summary>
    public const string DefaultUserId = "czpick";

    /// <summary>The session id CzPick writes picks under when neither the caller nor the config names one.</summary>
    public const string DefaultSessionId = "0";

    const string VoxelSpacingPrefix = "VoxelSpacing";
    const string ZarrExtension = ".zarr";

    CopickProject(string configPath, string name, ParticleCatalog catalog, string overlayRoot, string staticRoot, string? userId, string? sessionId)
    {
        this.ConfigPath = configPath;
        this.Name = name;
        this.Catalog = catalog;
        this.OverlayRoot = overlayRoot;
        this.StaticRoot = staticRoot;
        this.UserId = userId;
        this.SessionId = sessionId;
        this.Overlay = new CopickOverlay(overlayRoot);
    }

    /// <summary>Gets the config file's full path.</summary>
    public string ConfigPath { get; }

    /// <summary>Gets the project's name (copick's default "CoPick" when the config has none).</summary>
    public string Name { get; }

    /// <summary>Gets the particles the config names, with the competition's weights and picking parameters where it knows them.</summary>
    public ParticleCatalog Catalog { get; }

    /// <summary>Gets the writable root's full path.</summary>
    public string OverlayRoot { get; }

    /// <summary>Gets the read-only root's full path; the overlay root when the config has no static_root.</summary>
    public string StaticRoot { get; }

    /// <summary>Gets a value indicating whether the two roots are one directory.</summary>
    public bool StaticIsOverlay => string.Equals(this.StaticRoot, this.OverlayRoot, StringComparison.Ordinal);

    /// <summary>Gets the config's user_id, if any: the default for picks written.</summary>
    public string? UserId { get; }

    /// <summary>Gets the config's session_id, if any: the default for picks written.</summary>
    public string? SessionId { get; }

    /// <summary>Gets the overlay root, where picks are written.</summary>
    public CopickOverlay Overlay { get; }

    /// <summary>
    /// Opens a project from its config file. Roots are paths or <c>local://</c> / <c>file://</c> URLs; relative paths
    /// are taken from the working directory, as copick (through fsspec) takes them.
    /// </summary>
    /// <param name="configPath">The config JSON.</param>
    /// <param name="workingDirectory">What relative roots are relative to; null for the process's current directory.</param>
    /// <returns>The project; nothing below the roots is read yet.</returns>
    /// <exception cref="FileNotFoundException">The config file does not exist.</exception>
    /// <exception cref="CopickFormatException">The config is malformed, is not a filesystem project, or names a root CzPick cannot reach.</exception>
    public static CopickProject Open(string configPath, string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(configPath);
        string fullPath = Path.GetFullPath(configPath);
        using FileStream stream = File.OpenRead(fullPath);
        using JsonDocument document = CopickJson.Parse(stream, fullPath);
        CopickJson json = new(fullPath);
        JsonElement root = document.RootElement;
        ParticleCatalog catalog = new(CopickConfigReader.ReadParticles(root, json));

        string configType = json.OptionalString(root, "config_type", "") ?? "filesystem";
        if (configType != "filesystem")
        {
            throw new CopickFormatException(fullPath, $"config_type is \"{configType}\"; CzPick reads \"filesystem\" projects (local overlay_root and static_root).");
        }

        string baseDirectory = workingDirectory ?? Environment.CurrentDirectory;
        string overlay = ResolveRoot(json.OptionalString(root, "overlay_root", "")
            ?? throw new CopickFormatException(fullPath, "overlay_root is missing; expected the directory picks are written to (a path or a local:// URL)."), "overlay_root", fullPath, baseDirectory);
        string staticRoot = json.OptionalString(root, "static_root", "") is string value ? ResolveRoot(value, "static_root", fullPath, baseDirectory) : overlay;
        string? userId = OptionalName(json, root, "user_id", fullPath);
        string? sessionId = OptionalName(json, root, "session_id", fullPath);
        return new CopickProject(fullPath, json.OptionalString(root, "name", "") ?? "CoPick", catalog, overlay, staticRoot, userId, sessionId);
    }

    /// <summary>Lists the runs: the directories below ExperimentRuns/ of either root, hidden ones left out, in ordinal order.</summary>
    /// <returns>The run names.</returns>
    public IReadOnlyList<string> Runs() =>
        [.. this.Roots().SelectMany(r => Subdirectories(Path.Combine(r.Root, CopickOverlay.RunsDirectory))).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Lists a run's voxel spacings: those of the static root, then those only the overlay has.</summary>
    /// <param name="run">The run name.</param>
    /// <returns>The spacings in Å, each once.</returns>
    /// <exception cref="CopickFormatException">A VoxelSpacing directory's name does not end in a number.</exception>
    public IReadOnlyList<double> VoxelSpacings(string run) =>
        [.. this.SpacingDirectories(run).Select(d => d.Spacing).Distinct()];

    /// <summary>
    /// Lists a run's tomograms as copick lists them: per voxel spacing (in <see cref="VoxelSpacings"/> order), the
    /// <c>{tomo_type}.zarr</c> directories of the static root, then those of the overlay. Names holding "features" are
    /// feature stores, not tomograms, and hidden ones are left out.
    /// </summary>
    /// <param name="run">The run name.</param>
    /// <returns>The tomograms.</returns>
    /// <exception cref="CopickFormatException">A VoxelSpacing directory's name does not end in a number.</exception>
    public IReadOnlyList<CopickTomogram> Tomograms(string run)
    {
        List<(double Spacing, string Directory, bool ReadOnly)> directories = this.SpacingDirectories(run);
        List<CopickTomogram> tomograms = [];
        foreach (double spacing in directories.Select(d => d.Spacing).Distinct())
        {
            foreach ((_, string directory, bool readOnly) in directories.Where(d => d.Spacing == spacing))
            {
                foreach (string name in Subdirectories(directory).Where(n => n.EndsWith(ZarrExtension, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
                {
                    string tomoType = name[..^ZarrExtension.Length];
                    if (!tomoType.Contains("features", StringComparison.Ordinal))
                    {
                        tomograms.Add(new CopickTomogram(run, spacing, tomoType, Path.Combine(directory, name), readOnly));
                    }
                }
            }
        }

        return tomograms;
    }

    /// <summary>Finds a tomogram as copick's <c>run.get_voxel_spacing(spacing).get_tomogram(tomo_type)</c> does: the first match, static root first.</summary>
    /// <param name="run">The run name.</param>
    /// <param name="voxelSpacing">The voxel spacing in Å, as the directory name gives it (e.g. 10.012).</param>
    /// <param name="tomoType">The tomogram type, e.g. "denoised" or "wbp".</param>
    /// <returns>The tomogram, or null when the run has none of that spacing and type.</returns>
    public CopickTomogram? FindTomogram(string run, double voxelSpacing, string tomoType) =>
        this.Tomograms(run).FirstOrDefault(t => t.VoxelSpacing == voxelSpacing && t.TomoType == tomoType);

    /// <summary>Reads a run's picks files from both roots, static first, optionally only one user's and/or session's.</summary>
    /// <param name="run">The run name.</param>
    /// <param name="userId">Only files with this user_id; null for all.</param>
    /// <param name="sessionId">Only files with this session_id; null for all.</param>
    /// <returns>The files.</returns>
    /// <exception cref="CopickFormatException">A picks file is not valid.</exception>
    public IReadOnlyList<CopickPicksFile> ReadPicks(string run, string? userId = null, string? sessionId = null) =>
        [.. this.Roots().SelectMany(r => new CopickOverlay(r.Root).ReadRunPicks(run, userId, sessionId))];

    /// <summary>
    /// Writes a run's picks into the overlay, one file per object (see <see cref="CopickOverlay.WriteRun"/>), under a
    /// user and session: those given, else the config's, else <see cref="DefaultUserId"/> and <see cref="DefaultSessionId"/>.
    /// </summary>
    /// <param name="run">The run name.</param>
    /// <param name="voxelSpacing">The voxel spacing of the tomogram picked, in Å.</param>
    /// <param name="objectNames">The objects to write a file for.</param>
    /// <param name="picks">The picks; each must be of one of the objects.</param>
    /// <param name="userId">The user id; null for the config's or the default.</param>
    /// <param name="sessionId">The session id; null for the config's or the default.</param>
    /// <returns>The full paths written.</returns>
    /// <exception cref="ArgumentException">A name would break copick's file-name scheme, or a pick is of an object not listed.</exception>
    public IReadOnlyList<string> WritePicks(string run, double voxelSpacing, IEnumerable<string> objectNames, IEnumerable<Pick> picks, string? userId = null, string? sessionId = null) =>
        this.Overlay.WriteRun(run, userId ?? this.UserId ?? DefaultUserId, sessionId ?? this.SessionId ?? DefaultSessionId, voxelSpacing, objectNames, picks);

    /// <summary>The roots to search, static first; one when they are the same directory.</summary>
    IEnumerable<(string Root, bool ReadOnly)> Roots() =>
        this.StaticIsOverlay ? [(this.OverlayRoot, false)] : [(this.StaticRoot, true), (this.OverlayRoot, false)];

    /// <summary>A run's VoxelSpacing directories with the spacing each names, static root first.</summary>
    List<(double Spacing, string Directory, bool ReadOnly)> SpacingDirectories(string run)
    {
        CopickNames.ThrowIfInvalidRunName(run);
        List<(double Spacing, string Directory, bool ReadOnly)> found = [];
        foreach ((string root, bool readOnly) in this.Roots())
        {
            string runDirectory = Path.Combine(root, CopickOverlay.RunsDirectory, run);
            foreach (string name in Subdirectories(runDirectory).Where(n => n.StartsWith(VoxelSpacingPrefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                string suffix = name[VoxelSpacingPrefix.Length..];
                if (!double.TryParse(suffix, NumberStyles.Float, CultureInfo.InvariantCulture, out double spacing) || !double.IsFinite(spacing))
                {
                    throw new CopickFormatException(
                        Path.Combine(runDirectory, name),
                        $"'{suffix}' after {VoxelSpacingPrefix} is not a number; expected the voxel spacing in Å with three decimals, e.g. {VoxelSpacingPrefix}10.012.");
                }

                found.Add((spacing, Path.Combine(runDirectory, name), readOnly));
            }
        }

        return found;
    }

    /// <summary>The names of a directory's subdirectories (symbolic links to directories included), hidden ones left out; none when it does not exist.</summary>
    static IEnumerable<string> Subdirectories(string directory) =>
        Directory.Exists(directory)
            ? Directory.GetDirectories(directory).Select(Path.GetFileName).OfType<string>().Where(n => !n.StartsWith('.'))
            : [];

    /// <summary>Turns a root as the config writes it into a full path, as fsspec's local file system strips its protocols.</summary>
    static string ResolveRoot(string value, string field, string configPath, string baseDirectory)
    {
        string path = value;
        foreach (string protocol in (string[])["local://", "file://"])
        {
            if (path.StartsWith(protocol, StringComparison.Ordinal))
            {
                path = path[protocol.Length..];
                break;
            }
        }

        int scheme = path.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            throw new CopickFormatException(
                configPath,
                $"{field} \"{value}\" is a {path[..scheme]}:// URL; CzPick reads local directories only (a path, or a local:// or file:// URL).");
        }

        if (path.Length == 0)
        {
            throw new CopickFormatException(configPath, $"{field} is empty; expected a directory (a path, or a local:// or file:// URL).");
        }

        string full = Path.GetFullPath(path, baseDirectory);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    static string? OptionalName(CopickJson json, JsonElement root, string field, string configPath)
    {
        string? name = json.OptionalString(root, field, "");
        return name is not null && CopickNames.ProblemWithName(name) is string problem
            ? throw new CopickFormatException(configPath, $"{field} '{name}' {problem}.")
            : name;
    }
}

/// <summary>A tomogram of a copick project: an OME-Zarr store at <c>ExperimentRuns/{run}/VoxelSpacing{spacing:.3f}/{tomo_type}.zarr</c>.</summary>
/// <param name="Run">The run name.</param>
/// <param name="VoxelSpacing">The voxel spacing in Å, from the directory name.</param>
/// <param name="TomoType">The tomogram type, e.g. "denoised", "wbp", "ctfdeconvolved".</param>
/// <param name="Path">The .zarr directory's full path.</param>
/// <param name="IsReadOnly">Whether it lies in the static root.</param>
public sealed record CopickTomogram(string Run, double VoxelSpacing, string TomoType, string Path, bool IsReadOnly);
