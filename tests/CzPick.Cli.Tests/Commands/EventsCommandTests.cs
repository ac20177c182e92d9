using System.CommandLine;
using Azure.Storage.Queues;
using CzPick.Cli.Commands;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Cli.Tests.Commands;

[Collection(AzuriteCollection.Name)]
public sealed class EventsCommandTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Events_CompletedAndFailedOnQueue_OneLineEachThenQueueEmpty()
    {
        QueueClient queue = new(azurite.ConnectionString, "picking-events", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await queue.CreateIfNotExistsAsync();
        await queue.ClearMessagesAsync();
        DateTimeOffset time = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        RunCompletion completed = new("TS_1-0123456789abcdef", "TS_1", "tomograms/TS_1.mrc", RunCompletion.Completed, new RunOutputs([], "picks/TS_1/picks.csv", "picks/TS_1/summary.json", 42), null);
        RunCompletion failed = new("TS_2-0123456789abcdef", "TS_2", "tomograms/TS_2.mrc", RunCompletion.Failed, null, "StartPicking: not an MRC file");
        await queue.SendMessageAsync(BinaryData.FromObjectAsJson(CompletionEvents.Create(completed, time)));
        await queue.SendMessageAsync(BinaryData.FromObjectAsJson(CompletionEvents.Create(failed, time)));
        StringWriter output = new();

        int exit = await EventsCommand.Create().Parse(["--storage", azurite.ConnectionString]).InvokeAsync(new InvocationConfiguration { Output = output });

        Assert.Equal(0, exit);
        Assert.Equal(
            [
                "2026-11-25 12:00:00Z  org.czpick.picking.completed  TS_1  TS_1-0123456789abcdef  42 picks  picks/TS_1/picks.csv  picks/TS_1/summary.json",
                "2026-11-25 12:00:00Z  org.czpick.picking.failed  TS_2  TS_2-0123456789abcdef  StartPicking: not an MRC file",
            ],
            output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Empty((await queue.PeekMessagesAsync(32)).Value);
    }
}
