using CzPick.Pipeline.Activities;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace CzPick.Functions;

/// <summary>
/// The orchestration and its activities as Functions: hand-written wrappers (the Durable Task source generator is
/// not available) that call the very classes <c>czpick dev</c> registers, under the same names.
/// </summary>
/// <param name="planRun">The planning activity.</param>
/// <param name="dispatchBlocks">The dispatch activity.</param>
/// <param name="gatherPicks">The gathering activity.</param>
/// <param name="publishCompletion">The completion activity.</param>
public sealed class PickTomogramFunctions(PlanRun planRun, DispatchBlocks dispatchBlocks, GatherPicks gatherPicks, PublishCompletion publishCompletion)
{
    /// <summary>Runs the <c>PickTomogram</c> orchestrator.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <returns>The run's result.</returns>
    [Function(PipelineTaskNames.PickTomogram)]
    public static Task<RunResult> PickTomogram([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RunRequest input = context.GetInput<RunRequest>() ?? throw new InvalidOperationException($"Orchestration {context.InstanceId} has no {nameof(RunRequest)} input.");
        return new PickTomogram().RunAsync(context, input);
    }

    /// <summary>Runs the <c>PlanRun</c> activity.</summary>
    /// <param name="input">The run to plan.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    /// <returns>The plan's blob and block count.</returns>
    [Function(PipelineTaskNames.PlanRun)]
    public Task<RunPlan> PlanRun([ActivityTrigger] PlanRequest input, CancellationToken cancellationToken) =>
        planRun.ExecuteAsync(input, cancellationToken);

    /// <summary>Runs the <c>DispatchBlocks</c> activity.</summary>
    /// <param name="input">The blocks to send.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    /// <returns>The number of messages sent.</returns>
    [Function(PipelineTaskNames.DispatchBlocks)]
    public Task<int> DispatchBlocks([ActivityTrigger] DispatchRequest input, CancellationToken cancellationToken) =>
        dispatchBlocks.ExecuteAsync(input, cancellationToken);

    /// <summary>Runs the <c>GatherPicks</c> activity.</summary>
    /// <param name="input">The run whose picks to gather.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    /// <returns>Where the outputs are.</returns>
    [Function(PipelineTaskNames.GatherPicks)]
    public Task<RunOutputs> GatherPicks([ActivityTrigger] GatherRequest input, CancellationToken cancellationToken) =>
        gatherPicks.ExecuteAsync(input, cancellationToken);

    /// <summary>Runs the <c>PublishCompletion</c> activity.</summary>
    /// <param name="input">How the run ended.</param>
    /// <param name="cancellationToken">Cancelled when the host shuts down.</param>
    /// <returns>The event's type.</returns>
    [Function(PipelineTaskNames.PublishCompletion)]
    public Task<string> PublishCompletion([ActivityTrigger] RunCompletion input, CancellationToken cancellationToken) =>
        publishCompletion.ExecuteAsync(input, cancellationToken);
}
