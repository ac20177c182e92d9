namespace CzPick.Pipeline.Orchestration;

/// <summary>
/// The names the orchestration and its activities are registered under, by every host: the Functions app's
/// <c>[Function]</c> wrappers, <c>czpick dev</c> and the tests.
/// </summary>
public static class PipelineTaskNames
{
    /// <summary>The orchestrator that picks one tomogram.</summary>
    public const string PickTomogram = "PickTomogram";

    /// <summary>Reads the header, computes the z-score statistics, plans the blocks and stores the plan.</summary>
    public const string PlanRun = "PlanRun";

    /// <summary>Sends some blocks of a plan to the work queue.</summary>
    public const string DispatchBlocks = "DispatchBlocks";

    /// <summary>Concatenates the blocks' picks, removes seam duplicates and writes copick JSON, CSV and summary.</summary>
    public const string GatherPicks = "GatherPicks";

    /// <summary>Publishes the completion event; for a failed run, writes its failure record first.</summary>
    public const string PublishCompletion = "PublishCompletion";

    /// <summary>The external event a block's reply is raised as.</summary>
    public const string BlockDoneEvent = "BlockDone";

    /// <summary>Gets the names of every activity, for checking that each host registers all of them.</summary>
    public static IReadOnlyList<string> Activities { get; } = [PlanRun, DispatchBlocks, GatherPicks, PublishCompletion];
}
