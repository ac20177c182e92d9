using Azure.Messaging;
using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Runs;

/// <summary>The CloudEvents 1.0 completion event of a run (DESIGN.md, the serverless flow, step 5).</summary>
public static class CompletionEvents
{
    /// <summary>The event source: the pipeline.</summary>
    public const string Source = "/czpick/pipeline";

    /// <summary>The type of the event of a run whose picks were written.</summary>
    public const string CompletedType = "org.czpick.picking.completed";

    /// <summary>The type of the event of a run that was rejected or failed.</summary>
    public const string FailedType = "org.czpick.picking.failed";

    /// <summary>Builds the event: id = the instance id, subject = the run, data = the completion.</summary>
    /// <param name="completion">How the run ended.</param>
    /// <param name="time">When.</param>
    /// <returns>The event.</returns>
    public static CloudEvent Create(RunCompletion completion, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(completion);
        return new CloudEvent(Source, completion.IsFailure ? FailedType : CompletedType, PipelineJson.Serialize(completion), "application/json", CloudEventDataFormat.Json)
        {
            Id = completion.Instance,
            Subject = completion.Run,
            Time = time,
        };
    }

    /// <summary>Reads the completion back from an event.</summary>
    /// <param name="cloudEvent">The event.</param>
    /// <returns>The completion.</returns>
    /// <exception cref="FormatException">The event carries no completion.</exception>
    public static RunCompletion ReadCompletion(CloudEvent cloudEvent)
    {
        ArgumentNullException.ThrowIfNull(cloudEvent);
        return PipelineJson.Deserialize<RunCompletion>(cloudEvent.Data ?? BinaryData.Empty, $"CloudEvent {cloudEvent.Id}");
    }
}
