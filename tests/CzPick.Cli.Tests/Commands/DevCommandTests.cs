using Azure.Messaging;
using CzPick.Cli.Tests.Dev;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;

namespace CzPick.Cli.Tests.Commands;

/// <summary>
/// The serverless flow end to end on Azurite with the persistent Durable Task backend: <c>czpick dev</c>, the worker
/// program and <c>czpick upload</c> as processes, the ONNX Runtime band network picking a painted phantom, and the
/// outputs compared with <c>czpick pick</c> on the same file and model.
/// </summary>
public sealed class DevCommandTests
{
    [Fact]
    public async Task Dev_PhantomMalformedFileAndTheSameUploadAgain_PicksEqualToCzpickPickOneRunAndAFailureRecord()
    {
        await using PipelineScenario scenario = await PipelineScenario.StartAsync();
        await using ChildProcess dev = await scenario.StartDevAsync(workers: 2);
        await File.WriteAllTextAsync(scenario.Temp.File("TS_broken.mrc"), "this is no tomogram");

        CliResult first = await scenario.UploadAsync(scenario.Tomogram, scenario.Temp.File("TS_broken.mrc"));
        CloudEvent[] events = await scenario.WaitForEventsAsync(2);
        CliResult again = await scenario.UploadAsync(scenario.Tomogram);

        Assert.Equal(0, first.ExitCode);
        Assert.Matches($"^tomograms/{scenario.Run}.mrc  unchanged \\(ETag \".+\"\\), not uploaded again$", again.Lines.Single());
        CloudEvent completed = events.Single(e => e.Type == CompletionEvents.CompletedType);
        RunCompletion completion = CompletionEvents.ReadCompletion(completed);
        Assert.Equal(scenario.Run, completed.Subject);
        Assert.Equal($"picks/{scenario.Run}/summary.json", completion.Outputs!.Summary);
        Assert.Equal($"picks/{scenario.Run}/report.html", completion.Outputs.Report);
        Assert.Contains($"{scenario.Run}/summary.json", await scenario.BlobsAsync(BlobLayout.Picks, scenario.Run));
        int picks = await scenario.AssertPicksEqualCzpickPickAsync();
        Assert.Equal(completion.Outputs.PickCount, picks);
        Assert.True(picks >= 3, $"the phantom should give picks, not {picks}");

        CloudEvent failed = events.Single(e => e.Type == CompletionEvents.FailedType);
        RunCompletion failure = CompletionEvents.ReadCompletion(failed);
        Assert.Equal("TS_broken", failed.Subject);
        Assert.StartsWith("tomograms/TS_broken.mrc: ", failure.Error, StringComparison.Ordinal);
        Assert.Equal(["TS_broken/error.json"], await scenario.BlobsAsync(BlobLayout.Picks, "TS_broken"));
        Assert.Empty(await scenario.BlobsAsync(BlobLayout.Work, "TS_broken"));

        // One run of the phantom: the second upload changed nothing, so nothing new started.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await scenario.BlobsAsync(BlobLayout.Work, scenario.Run), name => name.EndsWith("/plan.json", StringComparison.Ordinal));
        Assert.Single(dev.Output.Split('\n'), line => line.Contains($"Started run {scenario.Run} ", StringComparison.Ordinal));
        Assert.Empty(await scenario.WaitForEventsAsync(0));
    }

    [Fact]
    public async Task Dev_Terminated_StopsItsPipelineAndExitsZero()
    {
        // The pipeline's hosts handle SIGINT and SIGTERM to stop their own services; the verb must still hear them,
        // or Ctrl+C leaves czpick dev running with nothing working.
        await using PipelineScenario scenario = await PipelineScenario.StartAsync(unetChannels: [8, 16, 16]);
        await using ChildProcess dev = await scenario.StartDevAsync(workers: 1);

        int exitCode = await dev.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.Contains("czpick dev: stopping; runs in flight resume at the next start.", dev.Output, StringComparison.Ordinal);
    }

    // Slow (about a minute on 2 shared cores): processes killed with SIGKILL and started again. Skip with
    // --filter "Category!=ProcessKill".
    [Fact]
    [Trait("Category", "ProcessKill")]
    public async Task Dev_HostKilledMidRun_RestartedHostResumesAndPicksAsCzpickPick()
    {
        await using PipelineScenario scenario = await PipelineScenario.StartAsync(unetChannels: [8, 16, 16]);
        await using (ChildProcess first = await scenario.StartDevAsync(workers: 1))
        {
            await scenario.UploadAsync(scenario.Tomogram);
            await first.WaitForLineAsync(line => line.Contains("Picked block", StringComparison.Ordinal), "a first finished block");
            await first.KillHardAsync();
        }

        // Killed mid-run: some blocks done, the run's outputs not written yet.
        Assert.NotEmpty(await scenario.BlobsAsync(BlobLayout.Work, scenario.Run));
        Assert.Empty(await scenario.BlobsAsync(BlobLayout.Picks, $"{scenario.Run}/"));
        await using ChildProcess second = await scenario.StartDevAsync(workers: 1);
        CloudEvent completed = Assert.Single(await scenario.WaitForEventsAsync(1));

        Assert.Equal(CompletionEvents.CompletedType, completed.Type);
        Assert.Contains(second.Output.Split('\n'), line => line.Contains($"Duplicate run {scenario.Run}", StringComparison.Ordinal));
        Assert.Equal(CompletionEvents.ReadCompletion(completed).Outputs!.PickCount, await scenario.AssertPicksEqualCzpickPickAsync());
    }

    // Slow (about a minute on 2 shared cores): processes killed with SIGKILL and started again. Skip with
    // --filter "Category!=ProcessKill".
    [Fact]
    [Trait("Category", "ProcessKill")]
    public async Task Dev_WorkerKilledMidBlock_BlockDeliveredAgainAndTheRunCompletes()
    {
        await using PipelineScenario scenario = await PipelineScenario.StartAsync(unetChannels: [8, 16, 16]);
        await using ChildProcess dev = await scenario.StartDevAsync(workers: 0);
        string killed;
        await using (ChildProcess doomed = scenario.StartWorker())
        {
            await scenario.UploadAsync(scenario.Tomogram);
            string picking = await doomed.WaitForLineAsync(line => line.Contains("Picking block", StringComparison.Ordinal), "a block in progress");
            killed = picking[(picking.IndexOf("Picking block ", StringComparison.Ordinal) + "Picking block ".Length)..].Split(' ')[0];
            await doomed.KillHardAsync();
        }

        await using ChildProcess survivor = scenario.StartWorker();
        CloudEvent completed = Assert.Single(await scenario.WaitForEventsAsync(1));

        Assert.Equal(CompletionEvents.CompletedType, completed.Type);
        Assert.Contains(survivor.Output.Split('\n'), line => line.Contains($"Picking block {killed} (delivery 2)", StringComparison.Ordinal));
        Assert.Equal(CompletionEvents.ReadCompletion(completed).Outputs!.PickCount, await scenario.AssertPicksEqualCzpickPickAsync());
    }
}
