using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CzPick.Cli.Dev;

/// <summary>
/// <c>czpick dev</c>'s stand-in for the Functions <c>BlockDone</c> queue trigger: takes worker replies off
/// <c>block-results</c> and hands each to the same <see cref="ReplyHandler"/>. Like the trigger (host.json's queue
/// settings), a message that keeps failing is moved to <c>block-results-poison</c> after its fifth delivery.
/// </summary>
/// <param name="queues">The data account's queues.</param>
/// <param name="handler">The reply handler.</param>
/// <param name="client">The Durable Task client.</param>
/// <param name="logger">Where failures are reported.</param>
sealed partial class ReplyPump(QueueServiceClient queues, ReplyHandler handler, DurableTaskClient client, ILogger<ReplyPump> logger) : BackgroundService
{
    /// <summary>host.json's <c>queues.maxDequeueCount</c>.</summary>
    const int MaxDequeueCount = 5;

    /// <summary>host.json's <c>queues.visibilityTimeout</c>: how long a failed message waits before its next try.</summary>
    static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(10);

    /// <summary>The longest pause between two empty polls (host.json's <c>queues.maxPollingInterval</c>).</summary>
    static readonly TimeSpan MaxPollDelay = TimeSpan.FromSeconds(2);

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        QueueClient replies = queues.GetQueueClient(QueueNames.BlockResults);
        QueueClient poison = queues.GetQueueClient(QueueNames.Poison(QueueNames.BlockResults));
        TimeSpan pause = TimeSpan.FromMilliseconds(50);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                QueueMessage[] messages;
                try
                {
                    messages = await replies.ReceiveMessagesAsync(32, RetryAfter, stoppingToken);
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    this.LogReceiveFailed(error);
                    await Task.Delay(MaxPollDelay, stoppingToken);
                    continue;
                }

                if (messages.Length == 0)
                {
                    await Task.Delay(pause, stoppingToken);
                    pause = pause * 2 < MaxPollDelay ? pause * 2 : MaxPollDelay;
                    continue;
                }

                pause = TimeSpan.FromMilliseconds(50);
                await Parallel.ForEachAsync(messages, stoppingToken, (message, token) => new ValueTask(this.HandleAsync(replies, poison, message, token)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: messages taken but not handled become visible again by themselves.
        }
    }

    async Task HandleAsync(QueueClient replies, QueueClient poison, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handler.HandleAsync(client, message.Body, cancellationToken);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            if (message.DequeueCount < MaxDequeueCount)
            {
                this.LogRetry(message.MessageId, message.DequeueCount, error);
                return;
            }

            this.LogPoisoned(message.MessageId, error);
            await poison.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        }

        await replies.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Could not read the block-results queue; trying again")]
    partial void LogReceiveFailed(Exception error);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Reply {MessageId} failed on delivery {Delivery}; it is tried again")]
    partial void LogRetry(string messageId, long delivery, Exception error);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Reply {MessageId} failed five times; moved to block-results-poison")]
    partial void LogPoisoned(string messageId, Exception error);
}
