using CzPick.Core.Volumes;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace CzPick.Pipeline.Tests.Orchestration;

public sealed class PickTomogramTests
{
    [Fact]
    public async Task Run_ManyBlocks_SendsEachOnceInBatchesAndGathersAll()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 300);
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        RunResult result = run.ReadOutputAs<RunResult>()!;
        Assert.Equal(300, result.BlockCount);
        Assert.Equal(ScriptedPipeline.SumOfInferenceSeconds(300), result.InferenceSeconds);
        Assert.Equal(0, result.ResentBlocks);
        Assert.Equal(0, result.DuplicateReplies);

        // 300 blocks in batches of at most 64: five dispatch activities, every block exactly once, all first attempts.
        Assert.Equal(5, pipeline.Dispatches.Count);
        Assert.All(pipeline.Dispatches, dispatch => Assert.InRange(dispatch.Blocks.Count, 1, 64));
        Assert.All(pipeline.Dispatches, dispatch => Assert.Equal(1, dispatch.Attempt));
        Assert.Equal(Enumerable.Range(0, 300), pipeline.Dispatches.SelectMany(dispatch => dispatch.Blocks).Order());

        GatherRequest gather = Assert.Single(pipeline.Gathers);
        Assert.Equal(300, gather.BlockCount);
        Assert.Equal("work/TS_5_4-test/plan.json", gather.Plan);
        RunCompletion completion = Assert.Single(pipeline.Completions);
        Assert.Equal(RunCompletion.Completed, completion.Status);
        Assert.Equal(result.Outputs.Csv, completion.Outputs!.Csv);
        Assert.Equal(result.Outputs.CopickFiles, completion.Outputs.CopickFiles);
    }

    [Fact]
    public async Task Run_BlockLostOnFirstSend_ResentAfterTimeoutAndCompletes()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 10);
        pipeline.Replies = (block, attempt) => block == 7 && attempt == 1 ? [] : [ScriptedPipeline.Success(block)];
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request(new RunSettings(BlockTimeoutSeconds: 1, FirstRetrySeconds: 0.1)));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        RunResult result = run.ReadOutputAs<RunResult>()!;
        Assert.Equal(1, result.ResentBlocks);
        DispatchRequest resend = Assert.Single(pipeline.Dispatches, dispatch => dispatch.Attempt == 2);
        Assert.Equal([7], resend.Blocks);
        Assert.Equal(ScriptedPipeline.SumOfInferenceSeconds(10), result.InferenceSeconds);
    }

    [Fact]
    public async Task Run_BlockNeverReplies_FailsAfterMaxSendsNamingTheBlock()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 6);
        pipeline.Replies = (block, attempt) => block == 4 ? [] : [ScriptedPipeline.Success(block)];
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request(new RunSettings(BlockTimeoutSeconds: 1, MaxBlockAttempts: 3, FirstRetrySeconds: 0.1)));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal([1, 2, 3], pipeline.Dispatches.Where(dispatch => dispatch.Blocks.Contains(4)).Select(dispatch => dispatch.Attempt).Order());
        string reason = "1 of 6 blocks did not finish after 3 sends, each followed by 1 s without progress: 4";
        Assert.Equal(reason, run.FailureDetails!.ErrorMessage);
        Assert.Empty(pipeline.Gathers);
        RunCompletion completion = Assert.Single(pipeline.Completions);
        Assert.Equal(RunCompletion.Failed, completion.Status);
        Assert.Equal(reason, completion.Error);
        Assert.Null(completion.Outputs);
    }

    [Fact]
    public async Task Run_EveryBlockRepliedTwice_DuplicatesIgnored()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 20);
        pipeline.Replies = (block, attempt) => [ScriptedPipeline.Success(block), ScriptedPipeline.Success(block) with { InferenceSeconds = 1000 }];
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        RunResult result = run.ReadOutputAs<RunResult>()!;

        // Only the first reply of each block counts; the run may finish before the last duplicates arrive.
        Assert.Equal(ScriptedPipeline.SumOfInferenceSeconds(20), result.InferenceSeconds);
        Assert.InRange(result.DuplicateReplies, 0, 19);
        Assert.Single(pipeline.Gathers);
    }

    [Fact]
    public async Task Run_WorkerDeadLettersBlock_FailsWithWorkersReason()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 5);
        pipeline.Replies = (block, attempt) => block == 2
            ? [new BlockReply("ignored", 2, 0, 0, "dead-lettered after 5 deliveries: slab read failed")]
            : [ScriptedPipeline.Success(block)];
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal("Block 2 failed: dead-lettered after 5 deliveries: slab read failed", run.FailureDetails!.ErrorMessage);
        Assert.Equal(RunCompletion.Failed, Assert.Single(pipeline.Completions).Status);
        Assert.Empty(pipeline.Gathers);
    }

    [Fact]
    public async Task Run_PlanFailsTwiceTransiently_RetriedAndCompletes()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 3);
        pipeline.PlanFailure = call => call <= 2 ? new IOException("storage busy") : null;
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request());

        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.Equal(3, pipeline.PlanCalls);
    }

    [Fact]
    public async Task Run_PlanFailsEveryTime_FailsAfterConfiguredAttempts()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 3);
        pipeline.PlanFailure = call => new IOException("storage unreachable");
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request(new RunSettings(ActivityAttempts: 3, FirstRetrySeconds: 0.1)));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal(3, pipeline.PlanCalls);
        Assert.Equal("PlanRun failed: storage unreachable", Assert.Single(pipeline.Completions).Error);
    }

    [Fact]
    public async Task Run_MalformedVolume_NotRetriedAndFailureRecorded()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 3);
        pipeline.PlanFailure = call => new VolumeFormatException("tomograms/TS_5_4.mrc", "Expected 1024 header bytes but could only read 17");
        await pipeline.StartAsync();

        OrchestrationMetadata run = await pipeline.RunAsync(ScriptedPipeline.Request());

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        Assert.Equal(1, pipeline.PlanCalls);
        Assert.Empty(pipeline.Dispatches);
        RunCompletion completion = Assert.Single(pipeline.Completions);
        Assert.Equal("PlanRun failed: tomograms/TS_5_4.mrc: Expected 1024 header bytes but could only read 17", completion.Error);
        Assert.Equal(completion.Error, run.FailureDetails!.ErrorMessage);
    }

    [Fact]
    public async Task Run_RepliesOneAtATimeInReverse_ReplaysEachTimeToSameResult()
    {
        // Every reply is raised only after the previous one was processed, so each is its own work item and the
        // orchestrator replays its whole history every time: a non-deterministic orchestrator fails here.
        const int blocks = 12;
        await using ScriptedPipeline pipeline = new(blocks) { ReplyFromOutside = true };
        await pipeline.StartAsync();
        const string instance = "TS_5_4-replay";
        await pipeline.Client.ScheduleNewOrchestrationInstanceAsync(PipelineTaskNames.PickTomogram, ScriptedPipeline.Request(), new StartOrchestrationOptions(instance));

        for (int block = blocks - 1; block >= 0; block--)
        {
            await WaitForBlocksDoneAsync(pipeline.Client, instance, blocks - 1 - block);
            await pipeline.Client.RaiseEventAsync(instance, PipelineTaskNames.BlockDoneEvent, ScriptedPipeline.Success(block) with { Instance = instance });
        }

        OrchestrationMetadata run = await pipeline.WaitAsync(instance);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        RunResult result = run.ReadOutputAs<RunResult>()!;
        Assert.Equal(new RunResult("TS_5_4", instance, blocks, result.Outputs, ScriptedPipeline.SumOfInferenceSeconds(blocks), 0, 0), result);
        Assert.Equal(Enumerable.Range(0, blocks), Assert.Single(pipeline.Dispatches).Blocks);
    }

    static async Task WaitForBlocksDoneAsync(DurableTaskClient client, string instance, int count)
    {
        using CancellationTokenSource cancel = new(TimeSpan.FromMinutes(1));
        while (true)
        {
            OrchestrationMetadata? state = await client.GetInstanceAsync(instance, getInputsAndOutputs: true, cancel.Token);
            RunProgress? progress = state?.SerializedCustomStatus is null ? null : state.ReadCustomStatusAs<RunProgress>();
            if (progress is { Phase: "picking" } && progress.BlocksDone == count)
            {
                return;
            }

            await Task.Delay(20, cancel.Token);
        }
    }
}
