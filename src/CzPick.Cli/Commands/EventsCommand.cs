using System.CommandLine;
using Azure.Messaging;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Cli.Dev;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using Microsoft.Extensions.Configuration;

namespace CzPick.Cli.Commands;

/// <summary>`czpick events`: prints the completion events on the local <c>picking-events</c> queue, one line each.</summary>
static class EventsCommand
{
    public static Command Create()
    {
        Option<string?> storage = new("--storage") { Description = "The storage connection string; default: $CzPickStorage, else Azurite on its default ports." };
        Option<int> wait = new("--wait") { Description = "Seconds to wait for a first event when there is none yet.", DefaultValueFactory = _ => 0 };
        Option<bool> keep = new("--keep") { Description = "Leave the events on the queue (peek) instead of taking them off." };
        Option<bool> json = new("--json") { Description = "Print each event as its CloudEvents JSON." };
        Command command = new("events", "Print the pipeline's completion events (CloudEvents 1.0) from the picking-events queue.") { storage, wait, keep, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            IConfiguration configuration = DevConfiguration.Build(parse.GetValue(storage));
            PipelineOptions options = PipelineOptions.FromConfiguration(configuration);
            if (options.EventsTransport != PipelineOptions.StorageQueueTransport)
            {
                throw new UserErrorException($"The events transport is {options.EventsTransport}: events go to {options.EventsTopicEndpoint}, not to a queue this command can read.");
            }

            QueueClient queue = AzureConnections.Queues(configuration, SettingNames.Storage).GetQueueClient(options.EventsQueueName);
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            DateTimeOffset deadline = DateTimeOffset.UtcNow.AddSeconds(Math.Max(0, parse.GetValue(wait)));
            int printed = 0;
            while (true)
            {
                IReadOnlyList<BinaryData> bodies = await TakeAsync(queue, parse.GetValue(keep), cancellationToken);
                foreach (BinaryData body in bodies)
                {
                    parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? body.ToString() : Describe(body));
                }

                printed += bodies.Count;

                // Peeking sees the same events again: one batch is all it can print.
                if ((bodies.Count > 0 && parse.GetValue(keep)) || (bodies.Count == 0 && (printed > 0 || DateTimeOffset.UtcNow >= deadline)))
                {
                    return 0;
                }

                if (bodies.Count == 0)
                {
                    await Task.Delay(500, cancellationToken);
                }
            }
        });
        return command;
    }

    /// <summary>One line: the event's type, the run, and the picks or the reason.</summary>
    static string Describe(BinaryData body)
    {
        CloudEvent? cloudEvent = CloudEvent.Parse(body);
        if (cloudEvent is null)
        {
            return $"(not a CloudEvent) {body}";
        }

        RunCompletion completion = CompletionEvents.ReadCompletion(cloudEvent);
        return completion.IsFailure
            ? $"{cloudEvent.Time:u}  {cloudEvent.Type}  {completion.Run}  {completion.Instance}  {completion.Error}"
            : $"{cloudEvent.Time:u}  {cloudEvent.Type}  {completion.Run}  {completion.Instance}  {completion.Outputs?.PickCount} picks  {completion.Outputs?.Csv}  {completion.Outputs?.Summary}";
    }

    static async Task<IReadOnlyList<BinaryData>> TakeAsync(QueueClient queue, bool keep, CancellationToken cancellationToken)
    {
        if (keep)
        {
            PeekedMessage[] peeked = await queue.PeekMessagesAsync(32, cancellationToken);
            return peeked.Select(message => message.Body).ToArray();
        }

        QueueMessage[] messages = await queue.ReceiveMessagesAsync(32, cancellationToken: cancellationToken);
        foreach (QueueMessage message in messages)
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }

        return messages.Select(message => message.Body).ToArray();
    }
}
