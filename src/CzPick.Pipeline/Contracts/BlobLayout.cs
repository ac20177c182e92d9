using System.Globalization;

namespace CzPick.Pipeline.Contracts;

/// <summary>
/// Where the pipeline keeps everything in the data storage account (docs/configuration.md, DESIGN.md's blob
/// layout): input tomograms, models, per-run working files and the published picks.
/// </summary>
public static class BlobLayout
{
    /// <summary>The container of input tomograms, <c>tomograms/{run}.mrc</c>.</summary>
    public const string Tomograms = "tomograms";

    /// <summary>The container of model ensembles, <c>models/{ensemble}/ensemble.json</c> plus its ONNX files.</summary>
    public const string Models = "models";

    /// <summary>The container of per-run working files, <c>work/{instance}/…</c>.</summary>
    public const string Work = "work";

    /// <summary>The container of results: a copick overlay root plus <c>{run}/picks.csv</c>, <c>summary.json</c>, <c>error.json</c>.</summary>
    public const string Picks = "picks";

    /// <summary>Gets every container the pipeline uses, for creating them up front.</summary>
    public static IReadOnlyList<string> Containers { get; } = [Tomograms, Models, Work, Picks];

    /// <summary>The extension of an OME-Zarr store: its keys are the blobs under <c>tomograms/{run}.zarr/</c>.</summary>
    public const string ZarrExtension = ".zarr";

    /// <summary>
    /// The blob an upload writes last into an OME-Zarr store, <c>tomograms/{run}.zarr/.czpick-complete</c>: a store is
    /// hundreds of blobs that arrive in any order, so its run starts when this marker arrives, never before.
    /// </summary>
    public const string ZarrCompleteMarker = ".czpick-complete";

    /// <summary>Returns the run name of a tomogram blob: its name without the extension.</summary>
    /// <param name="blobName">The name inside the tomograms container, e.g. "TS_5_4.mrc".</param>
    /// <returns>For example "TS_5_4".</returns>
    public static string RunName(string blobName) => Path.GetFileNameWithoutExtension(blobName);

    /// <summary>Returns the block plan of a run instance.</summary>
    /// <param name="instance">The orchestration instance id.</param>
    /// <returns><c>work/{instance}/plan.json</c>.</returns>
    public static BlobPath Plan(string instance) => new(Work, $"{instance}/plan.json");

    /// <summary>Returns the picks of one block of a run instance.</summary>
    /// <param name="instance">The orchestration instance id.</param>
    /// <param name="block">The block's index in the plan.</param>
    /// <returns><c>work/{instance}/blocks/{block}.json</c>.</returns>
    public static BlobPath BlockResult(string instance, int block) =>
        new(Work, string.Create(CultureInfo.InvariantCulture, $"{instance}/blocks/{block}.json"));

    /// <summary>Returns the competition CSV of a run.</summary>
    /// <param name="run">The run name.</param>
    /// <returns><c>picks/{run}/picks.csv</c>.</returns>
    public static BlobPath Csv(string run) => new(Picks, $"{run}/picks.csv");

    /// <summary>Returns the summary of a run.</summary>
    /// <param name="run">The run name.</param>
    /// <returns><c>picks/{run}/summary.json</c>.</returns>
    public static BlobPath Summary(string run) => new(Picks, $"{run}/summary.json");

    /// <summary>Returns the failure record of a run.</summary>
    /// <param name="run">The run name.</param>
    /// <returns><c>picks/{run}/error.json</c>.</returns>
    public static BlobPath Error(string run) => new(Picks, $"{run}/error.json");

    /// <summary>Returns the HTML report of a run.</summary>
    /// <param name="run">The run name.</param>
    /// <returns><c>picks/{run}/report.html</c>.</returns>
    public static BlobPath Report(string run) => new(Picks, $"{run}/report.html");

    /// <summary>Returns the folder of a model ensemble: its manifest and ONNX members are the blobs under it.</summary>
    /// <param name="ensemble">The ensemble's name.</param>
    /// <returns><c>models/{ensemble}/</c>, as a name prefix.</returns>
    public static BlobPath Ensemble(string ensemble) => new(Models, $"{ensemble}/");

    /// <summary>Returns the copick picks file of a run and particle type (the picks container is a copick overlay root).</summary>
    /// <param name="run">The run name.</param>
    /// <param name="fileName">The file name, <c>{user}_{session}_{object}.json</c>.</param>
    /// <returns><c>picks/ExperimentRuns/{run}/Picks/{fileName}</c>.</returns>
    public static BlobPath CopickPicks(string run, string fileName) => new(Picks, $"ExperimentRuns/{run}/Picks/{fileName}");
}
