using System.Diagnostics;

namespace CzPick.Cli.Tests;

/// <summary>Runs the built czpick.dll (copied next to the tests) in a child process and captures what it prints.</summary>
static class CliProcess
{
    /// <summary>Runs czpick with arguments.</summary>
    /// <param name="arguments">The arguments, e.g. "info", "x.mrc", "--json".</param>
    /// <returns>The exit code, stdout and stderr.</returns>
    public static async Task<CliResult> RunAsync(params string[] arguments)
    {
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "czpick.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();

        // A guard against a hang, not a timing assertion.
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"czpick {string.Join(' ', arguments)} did not finish.");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>What a czpick run printed and returned.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything on stdout.</param>
/// <param name="Error">Everything on stderr.</param>
sealed record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>Gets the non-empty lines of stdout.</summary>
    public string[] Lines => this.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
