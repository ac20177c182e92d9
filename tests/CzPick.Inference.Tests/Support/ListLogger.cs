using Microsoft.Extensions.Logging;

namespace CzPick.Inference.Tests.Support;

/// <summary>A logger that keeps every line it is given, for tests to read.</summary>
sealed class ListLogger : ILogger
{
    /// <summary>Gets the lines logged, with their levels.</summary>
    public List<(LogLevel Level, string Message)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        this.Lines.Add((logLevel, formatter(state, exception)));
}
