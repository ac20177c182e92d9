using Microsoft.Extensions.Logging;

namespace CzPick.Inference.Runtime;

/// <summary>What the inference code logs.</summary>
static partial class InferenceLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "No GPU execution provider could be loaded ({Reasons}); running on the CPU with {Threads} threads")]
    public static partial void FellBackToCpu(ILogger logger, string reasons, int threads);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Running on {Device}")]
    public static partial void Running(ILogger logger, string device);
}
