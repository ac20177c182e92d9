using System.Reflection;
using System.Text.Json.Serialization;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Outputs;

/// <summary>
/// What one picking run produced and how: written as <c>{run}/summary.json</c> next to the picks. Read and written by
/// <see cref="RunSummaryJson"/> with snake_case names, like the copick files beside it.
/// </summary>
/// <param name="Run">The run name, e.g. "TS_5_4".</param>
/// <param name="Created">When the run finished.</param>
/// <param name="CzPickVersion">The CzPick version that picked (see <see cref="CurrentVersion"/>).</param>
/// <param name="Input">The tomogram picked.</param>
/// <param name="Model">The ensemble that predicted.</param>
/// <param name="Counts">The number of picks per particle type.</param>
/// <param name="TimingsSeconds">Wall time per phase in seconds, e.g. "read", "predict", "pick", "write", "total".</param>
public sealed record RunSummary(
    string Run,
    DateTimeOffset Created,
    [property: JsonPropertyName("czpick_version")] string CzPickVersion,
    RunSummaryInput Input,
    RunSummaryModel Model,
    IReadOnlyDictionary<string, int> Counts,
    IReadOnlyDictionary<string, double> TimingsSeconds)
{
    /// <summary>Gets this build's version, e.g. "0.1.0+4f2c…" (with the commit when the build knew it).</summary>
    public static string CurrentVersion { get; } =
        typeof(RunSummary).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(RunSummary).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Counts picks per particle type: every particle of the catalog in label order (0 when none was picked), then any other type met.</summary>
    /// <param name="catalog">The particles.</param>
    /// <param name="picks">The picks.</param>
    /// <returns>The counts, in catalog order.</returns>
    public static IReadOnlyDictionary<string, int> CountPicks(ParticleCatalog catalog, IEnumerable<Pick> picks)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(picks);
        Dictionary<string, int> counts = catalog.Particles.ToDictionary(p => p.Name, _ => 0, StringComparer.Ordinal);
        foreach (Pick pick in picks)
        {
            counts[pick.Particle] = counts.GetValueOrDefault(pick.Particle) + 1;
        }

        return counts;
    }
}

/// <summary>The tomogram a run picked.</summary>
/// <param name="File">The file or blob read, e.g. "tomograms/TS_5_4.mrc".</param>
/// <param name="Shape">Its extent in voxels, (Z, Y, X).</param>
/// <param name="VoxelSize">Its voxel size in Å.</param>
public sealed record RunSummaryInput(string File, Shape3 Shape, VoxelSizeAngstrom VoxelSize);

/// <summary>The ensemble a run predicted with.</summary>
/// <param name="Name">The ensemble, e.g. "sample".</param>
/// <param name="Members">Its member models, e.g. the ONNX file names.</param>
public sealed record RunSummaryModel(string Name, IReadOnlyList<string> Members);
