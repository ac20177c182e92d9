using Spectre.Console;

namespace CzPick.Cli;

/// <summary>
/// A progress bar on stderr for long passes, shown only when stderr is a terminal, so that stdout stays clean for
/// results and redirected output (logs, CI, tests) gets no control codes.
/// </summary>
static class ConsoleProgress
{
    /// <summary>Runs work that reports a fraction done, 0–1, with a bar while it runs.</summary>
    /// <typeparam name="T">The work's result.</typeparam>
    /// <param name="description">What the bar is for, e.g. "Reading TS_5_4.mrc".</param>
    /// <param name="work">The work; the progress it is given may be called from any thread.</param>
    /// <returns>The work's result.</returns>
    public static async Task<T> RunAsync<T>(string description, Func<IProgress<double>?, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(null);
        }

        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context => await work(new TaskProgress(context.AddTask(Markup.Escape(description), maxValue: 1))));
    }

    /// <summary>Moves a bar forward only, as reports from parallel workers may arrive out of order.</summary>
    sealed class TaskProgress(ProgressTask task) : IProgress<double>
    {
        readonly Lock gate = new();

        public void Report(double value)
        {
            lock (this.gate)
            {
                task.Value = Math.Max(task.Value, value);
            }
        }
    }
}
