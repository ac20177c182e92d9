using System.Diagnostics;

namespace CzPick.Reports.Tests;

/// <summary>
/// Runs Debian's headless Chromium (installed by scripts/setup-chromium.sh, which test.sh runs first) on a page, with
/// a fresh profile and nothing that reaches the network.
/// </summary>
static class Chromium
{
    /// <summary>Gets the browser: $CZPICK_CHROMIUM, or /usr/bin/chromium.</summary>
    public static string Executable => Environment.GetEnvironmentVariable("CZPICK_CHROMIUM") ?? "/usr/bin/chromium";

    /// <summary>Opens a page and returns what the browser printed.</summary>
    /// <param name="page">The HTML file.</param>
    /// <param name="arguments">What to do with it, e.g. "--dump-dom" or "--screenshot=…", and the window size.</param>
    /// <returns>The exit code, stdout and stderr.</returns>
    public static async Task<ChromiumResult> RunAsync(string page, params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"Chromium is missing at {Executable}; run scripts/setup-chromium.sh (test.sh does) or set CZPICK_CHROMIUM.");
        }

        using TempDirectory profile = new();
        ProcessStartInfo start = new(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] common =
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
            $"--user-data-dir={profile.Path}",
        ];
        foreach (string argument in common.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} did not start.");
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();

        // A guard against a hang, not a timing assertion.
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish with {page}.");
        }

        return new ChromiumResult(process.ExitCode, await output, await error);
    }
}

/// <summary>What a Chromium run printed.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Output">Stdout: the DOM, with --dump-dom.</param>
/// <param name="Error">Stderr: the log, console messages included with --enable-logging=stderr.</param>
sealed record ChromiumResult(int ExitCode, string Output, string Error)
{
    /// <summary>Gets the page's console messages (Chromium logs each as a line with ":CONSOLE").</summary>
    public string[] ConsoleLines => [.. this.Error.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal))];
}
