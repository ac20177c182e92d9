namespace CzPick.Cli.Bench;

/// <summary>
/// One section of `czpick bench`: a named measurement of one part of the engine. Add a section by writing a class
/// and listing it in <see cref="BenchSections.All"/>; `--only NAME` runs just that one.
/// </summary>
interface IBenchSection
{
    /// <summary>Gets the name `--only` selects, e.g. "read".</summary>
    string Name { get; }

    /// <summary>Gets what the section measures, in one line.</summary>
    string Description { get; }

    /// <summary>Runs the measurement and reports through the context.</summary>
    /// <param name="context">Where to report, and the user's options.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the section is done.</returns>
    Task RunAsync(BenchContext context, CancellationToken cancellationToken);
}

/// <summary>Every bench section, in the order `czpick bench` runs them.</summary>
static class BenchSections
{
    public static IReadOnlyList<IBenchSection> All() =>
    [
        new MrcReadBench(),
        new ZarrReadBench(),
        new PhantomBench(),
        new PathBench(),
        new BlendBench(),
        new PickBench(),
        new OnnxBench(),
        new EndToEndBench(),
        new PipelineBench(),
    ];
}
