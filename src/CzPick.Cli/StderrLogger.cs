using Microsoft.Extensions.Logging;

namespace CzPick.Cli;

/// <summary>
/// Logs from the engine as `czpick: message` lines on stderr: warnings always, information with --verbose. Lines are
/// written at once, not queued, so they come before the progress bar and the results they explain.
/// </summary>
/// <param name="minimum">The lowest level printed.</param>
sealed class StderrLogger(LogLevel minimum) : ILogger
{
    readonly Lock gate = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (this.IsEnabled(logLevel))
        {
            lock (this.gate)
            {
                Console.Error.WriteLine($"czpick: {formatter(state, exception)}");
            }
        }
    }
}
