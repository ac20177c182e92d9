using System.Diagnostics;
using System.Text;
using CzPick.Core.Copick;
using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Inference.Ensemble;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using CzPick.Pipeline.Volumes;
using CzPick.Reports;
using Microsoft.DurableTask;

namespace CzPick.Pipeline.Activities;

/// <summary>
/// Gathers a run's picks: reads every block's result, removes the duplicates along block seams with the engine's
/// <see cref="PickDeduplicator"/> (as <c>czpick pick</c> does), and writes the copick picks files (one per picked
/// particle, under <c>picks/ExperimentRuns/{run}/Picks/</c>), <c>picks/{run}/picks.csv</c>, the HTML report when
/// enabled, and <c>picks/{run}/summary.json</c> last: a run whose summary exists has all its outputs.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="options">Whether to write the report.</param>
/// <param name="clock">The time of the summary.</param>
public sealed class GatherPicks(IBlobStore blobs, PipelineOptions options, TimeProvider clock) : TaskActivity<GatherRequest, RunOutputs>
{
    /// <summary>The copick user id of the pipeline's picks, as <c>czpick pick</c> writes them by default.</summary>
    public const string CopickUser = "czpick";

    /// <summary>The copick session id of the pipeline's picks.</summary>
    public const string CopickSession = "0";

    /// <summary>How many block results are read at once.</summary>
    const int ConcurrentReads = 16;

    static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    /// <inheritdoc/>
    public override Task<RunOutputs> RunAsync(TaskActivityContext context, GatherRequest input) => this.ExecuteAsync(input, CancellationToken.None);

    /// <summary>Gathers the picks and writes the outputs; running it again writes the same outputs.</summary>
    /// <param name="input">The run.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>Where the outputs are.</returns>
    /// <exception cref="InvalidOperationException">The plan or a block's result is missing.</exception>
    public async Task<RunOutputs> ExecuteAsync(GatherRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        long started = Stopwatch.GetTimestamp();
        BlobPath planPath = BlobPath.Parse(input.Plan);
        PlanDocument plan = await blobs.ReadJsonAsync<PlanDocument>(planPath, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Plan {planPath} of run {input.Instance} not found.");
        EnsembleManifest manifest = await EnsembleManifests.ReadAsync(blobs, plan.Ensemble, cancellationToken).ConfigureAwait(false);
        ParticleCatalog catalog = manifest.CreateCatalog();

        BlockResult[] results = new BlockResult[input.BlockCount];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, input.BlockCount),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentReads, CancellationToken = cancellationToken },
            async (block, token) =>
            {
                BlobPath path = BlobLayout.BlockResult(input.Instance, block);
                results[block] = await blobs.ReadJsonAsync<BlockResult>(path, token).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"Block {block} of run {input.Instance} has no result at {path}, although its reply arrived.");
            }).ConfigureAwait(false);
        IReadOnlyList<Pick> picks = PickDeduplicator.Deduplicate([.. results.Select(result => result.Picks)], catalog);

        List<string> copickFiles = [];
        ILookup<string, Pick> byParticle = picks.ToLookup(pick => pick.Particle, StringComparer.Ordinal);
        foreach (ParticleType particle in catalog.Particles.Where(particle => particle.IsPicked))
        {
            CopickPicksFile file = CopickPicksFile.FromPicks(input.Run, particle.Name, CopickUser, CopickSession, plan.VoxelSize.X, byParticle[particle.Name]);
            BlobPath path = new(BlobLayout.Picks, file.RelativePath);
            await this.WriteAsync(path, stream => CopickPicksJson.Write(stream, file), cancellationToken).ConfigureAwait(false);
            copickFiles.Add(path.ToString());
        }

        BlobPath csv = BlobLayout.Csv(input.Run);
        await this.WriteAsync(csv, stream => WriteCsv(stream, input.Run, picks), cancellationToken).ConfigureAwait(false);

        Dictionary<string, double> seconds = new(StringComparer.Ordinal)
        {
            ["statistics"] = plan.StatisticsSeconds,
            ["blocks"] = results.Sum(result => result.InferenceSeconds),
            ["gather"] = Stopwatch.GetElapsedTime(started).TotalSeconds,
        };
        DateTimeOffset now = clock.GetUtcNow();
        seconds["total"] = (now - input.Started).TotalSeconds;
        RunSummary summary = new(
            input.Run,
            now,
            RunSummary.CurrentVersion,
            new RunSummaryInput(plan.Tomogram, plan.Shape, plan.VoxelSize),
            new RunSummaryModel(manifest.Name, [.. manifest.Members.Select(member => member.File)]),
            RunSummary.CountPicks(catalog, picks),
            seconds);

        string? report = null;
        if (options.WriteReports)
        {
            BlobPath path = BlobLayout.Report(input.Run);
            using IVolumeSource volume = await BlobVolumes.OpenAsync(blobs, BlobPath.Parse(plan.Tomogram), plan.ETag, cancellationToken).ConfigureAwait(false);
            string html = await HtmlReport.RenderRunAsync(new RunReportInput(input.Run, volume, picks) { Summary = summary }, new ReportOptions { Catalog = catalog }, cancellationToken).ConfigureAwait(false);
            await this.WriteAsync(path, stream => stream.Write(Utf8NoBom.GetBytes(html)), cancellationToken).ConfigureAwait(false);
            report = path.ToString();
        }

        BlobPath summaryPath = BlobLayout.Summary(input.Run);
        await this.WriteAsync(summaryPath, stream => RunSummaryJson.Write(stream, summary), cancellationToken).ConfigureAwait(false);
        return new RunOutputs(copickFiles, csv.ToString(), summaryPath.ToString(), picks.Count, report);
    }

    static void WriteCsv(Stream stream, string run, IReadOnlyList<Pick> picks)
    {
        using StreamWriter text = new(stream, Utf8NoBom, leaveOpen: true);
        using CompetitionCsvWriter csv = new(text, leaveOpen: true);
        csv.WriteRun(run, picks);
    }

    async Task WriteAsync(BlobPath path, Action<Stream> write, CancellationToken cancellationToken)
    {
        using MemoryStream content = new();
        write(content);
        content.Position = 0;
        await blobs.UploadAsync(path, content, cancellationToken).ConfigureAwait(false);
    }
}
