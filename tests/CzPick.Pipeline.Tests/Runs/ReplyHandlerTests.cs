using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Tests.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace CzPick.Pipeline.Tests.Runs;

public sealed class ReplyHandlerTests
{
    [Fact]
    public async Task Handle_QueueMessagesOfEveryBlock_RunCompletesThenLateDuplicateDropped()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 4) { ReplyFromOutside = true };
        await pipeline.StartAsync();
        const string instance = "TS_5_4-0123456789abcdef";
        await pipeline.Client.ScheduleNewOrchestrationInstanceAsync(PipelineTaskNames.PickTomogram, ScriptedPipeline.Request(), new StartOrchestrationOptions(instance));
        await pipeline.Client.WaitForInstanceStartAsync(instance);
        ReplyHandler handler = new(NullLogger<ReplyHandler>.Instance);

        foreach (int block in new[] { 2, 0, 3, 1 })
        {
            Assert.True(await handler.HandleAsync(pipeline.Client, Message(instance, block)));
        }

        OrchestrationMetadata run = await pipeline.WaitAsync(instance);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, run.RuntimeStatus);
        Assert.False(await handler.HandleAsync(pipeline.Client, Message(instance, 1)));
    }

    [Fact]
    public async Task Handle_UnknownInstance_Dropped()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 1);
        await pipeline.StartAsync();

        Assert.False(await new ReplyHandler(NullLogger<ReplyHandler>.Instance).HandleAsync(pipeline.Client, Message("nobody-0123456789abcdef", 0)));
    }

    [Fact]
    public async Task Handle_NotAReply_FormatExceptionForThePoisonQueue()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 1);
        await pipeline.StartAsync();

        FormatException error = await Assert.ThrowsAsync<FormatException>(() =>
            new ReplyHandler(NullLogger<ReplyHandler>.Instance).HandleAsync(pipeline.Client, BinaryData.FromString("hello")));
        Assert.StartsWith("block-results: expected a BlockReply in JSON", error.Message, StringComparison.Ordinal);
    }

    static BinaryData Message(string instance, int block) => PipelineJson.Serialize(ScriptedPipeline.Success(block) with { Instance = instance });
}
