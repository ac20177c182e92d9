using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Tests.Orchestration;

namespace CzPick.Pipeline.Tests.Runs;

public sealed class RunStatusReaderTests
{
    [Fact]
    public async Task Read_RunNameWithTwoUploads_NewestCompletedRunWithOutputs()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 3);
        await pipeline.StartAsync();
        string older = InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\"");
        string newer = InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x2\"");
        await pipeline.RunAsync(ScriptedPipeline.Request(), older);
        await pipeline.RunAsync(ScriptedPipeline.Request(), newer);

        RunStatus status = (await RunStatusReader.ReadAsync(pipeline.Client, "TS_5_4"))!;

        Assert.Equal(newer, status.Instance);
        Assert.Equal("TS_5_4", status.Run);
        Assert.Equal("Completed", status.Status);
        Assert.Equal("picks/TS_5_4/picks.csv", status.Result!.Outputs.Csv);
        Assert.Equal(new RunProgress("publishing", 3, 3), status.Progress);
        Assert.Null(status.Error);
    }

    [Fact]
    public async Task Read_FailedRunByInstance_ReasonAndErrorRecord()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 3);
        pipeline.PlanFailure = call => new Core.Volumes.VolumeFormatException("tomograms/TS_5_4.mrc", "not an MRC file");
        await pipeline.StartAsync();
        string instance = InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\"");
        await pipeline.RunAsync(ScriptedPipeline.Request(), instance);

        RunStatus status = (await RunStatusReader.ReadAsync(pipeline.Client, instance))!;

        Assert.Equal("Failed", status.Status);
        Assert.Equal("PlanRun failed: tomograms/TS_5_4.mrc: not an MRC file", status.Error);
        Assert.Equal("picks/TS_5_4/error.json", status.ErrorRecord);
        Assert.Null(status.Result);
    }

    [Fact]
    public async Task Read_NoSuchRun_Null()
    {
        await using ScriptedPipeline pipeline = new(blockCount: 1);
        await pipeline.StartAsync();
        await pipeline.RunAsync(ScriptedPipeline.Request(), InstanceIds.For("TS_5_4", "TS_5_4.mrc", "\"0x1\""));

        Assert.Null(await RunStatusReader.ReadAsync(pipeline.Client, "TS_5"));
    }
}
