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

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await output, await error);
    }
}

/// <summary>What a czpick run printed and returned.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Everything on stdout.</param>
/// <param name="Error">Everything on stderr.</param>
sealed record CliResult(int ExitCode, string Output, string Error);
