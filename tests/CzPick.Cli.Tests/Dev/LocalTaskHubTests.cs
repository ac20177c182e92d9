using CzPick.Cli.Dev;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using CzPick.Pipeline.Tests.Local;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Cli.Tests.Dev;

/// <summary>
/// The real <see cref="PickTomogram"/> on the persistent Azure Storage backend (on Azurite), with activities that
/// only record what they are asked, and block replies raised from outside as the reply pump would.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalTaskHubTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_HubStoppedMidRun_NewHubOnSameStorageResumesAndCompletes()
    {
        string hubName = $"hub{Guid.NewGuid():N}"[..20];
        const string instance = "TS_5_4-0123456789abcdef";
        RunRequest request = new("TS_5_4", "tomograms/TS_5_4.mrc", "\"0x1\"", "sample", new RunSettings(FirstRetrySeconds: 0.5));

        await using (LocalTaskHub first = await this.StartAsync(hubName))
        {
            await first.Client.ScheduleNewOrchestrationInstanceAsync(PipelineTaskNames.PickTomogram, request, new StartOrchestrationOptions(instance));
            await first.Client.WaitForInstanceStartAsync(instance);
            await WaitForPhaseAsync(first.Client, instance, blocksDone: 0);
            await RaiseAsync(first.Client, instance, 0);
            await WaitForPhaseAsync(first.Client, instance, blocksDone: 1);
        }

        // Everything the first hub knew is in storage: a new hub (a new process, in czpick dev) carries on.
        await using LocalTaskHub second = await this.StartAsync(hubName);
        await RaiseAsync(second.Client, instance, 2);
        await RaiseAsync(second.Client, instance, 1);
        using CancellationTokenSource cancel = new(TimeSpan.FromMinutes(2));
        OrchestrationMetadata run = await second.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, cancel.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        RunResult result = run.ReadOutputAs<RunResult>()!;
        Assert.Equal(3, result.BlockCount);
        Assert.Equal(1 + 2 + 3, result.InferenceSeconds);
        Assert.Equal(0, result.ResentBlocks);
    }

    Task<LocalTaskHub> StartAsync(string hubName) => LocalTaskHub.StartAsync(
        azurite.ConnectionString,
        hubName,
        registry =>
        {
            registry.AddOrchestrator<PickTomogram>(PipelineTaskNames.PickTomogram);
            registry.AddActivityFunc<PlanRequest, RunPlan>(PipelineTaskNames.PlanRun, (context, plan) => new RunPlan(BlobLayout.Plan(plan.Instance).ToString(), 3));
            registry.AddActivityFunc<DispatchRequest, int>(PipelineTaskNames.DispatchBlocks, (context, dispatch) => dispatch.Blocks.Count);
            registry.AddActivityFunc<GatherRequest, RunOutputs>(PipelineTaskNames.GatherPicks, (context, gather) => new RunOutputs([], BlobLayout.Csv(gather.Run).ToString(), BlobLayout.Summary(gather.Run).ToString(), 0));
            registry.AddActivityFunc<RunCompletion, string>(PipelineTaskNames.PublishCompletion, (context, completion) => completion.Status);
        },
        services => { },
        NullLoggerFactory.Instance);

    static Task RaiseAsync(DurableTaskClient client, string instance, int block) =>
        client.RaiseEventAsync(instance, PipelineTaskNames.BlockDoneEvent, new BlockReply(instance, block, 0, block + 1));

    static async Task WaitForPhaseAsync(DurableTaskClient client, string instance, int blocksDone)
    {
        using CancellationTokenSource cancel = new(TimeSpan.FromMinutes(1));
        while (true)
        {
            OrchestrationMetadata? state = await client.GetInstanceAsync(instance, getInputsAndOutputs: true, cancel.Token);
            RunProgress? progress = state?.SerializedCustomStatus is null ? null : state.ReadCustomStatusAs<RunProgress>();
            if (progress is { Phase: "picking" } && progress.BlocksDone == blocksDone)
            {
                return;
            }

            await Task.Delay(100, cancel.Token);
        }
    }
}
