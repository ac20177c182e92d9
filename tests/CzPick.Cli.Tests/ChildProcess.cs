using System.Diagnostics;

namespace CzPick.Cli.Tests;

/// <summary>
/// A long-running .NET program started from the test's output folder (czpick dev, the worker), its output collected
/// line by line, that a test can wait on, stop gracefully (SIGTERM) or kill hard (SIGKILL). Disposing kills it.
/// </summary>
sealed class ChildProcess : IAsyncDisposable
{
    readonly Process process;
    readonly List<string> lines = [];
    readonly string name;

    ChildProcess(Process process, string name)
    {
        this.process = process;
        this.name = name;
    }

    /// <summary>Gets everything printed so far, stdout and stderr interleaved as they arrived.</summary>
    public string Output
    {
        get
        {
            lock (this.lines)
            {
                return string.Join('\n', this.lines);
            }
        }
    }

    /// <summary>Gets the exit code, once it has exited.</summary>
    public int ExitCode => this.process.ExitCode;

    /// <summary>Starts a program.</summary>
    /// <param name="assembly">The program's dll in the test's output folder, e.g. "czpick.dll".</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Environment variables to set for it.</param>
    /// <returns>The running process.</returns>
    public static ChildProcess Start(string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        ProcessStartInfo start = new(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, assembly));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {assembly} did not start.");
        ChildProcess child = new(process, assembly);
        process.OutputDataReceived += (_, line) => child.Add(line.Data);
        process.ErrorDataReceived += (_, line) => child.Add(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until a printed line matches, failing with everything printed when the process exits first.</summary>
    /// <param name="match">The line wanted.</param>
    /// <param name="what">What the line means, for the failure message.</param>
    /// <returns>The first matching line.</returns>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, string what)
    {
        // A guard against a hang, not a timing assertion.
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(4));
        while (true)
        {
            string? found;
            lock (this.lines)
            {
                found = this.lines.FirstOrDefault(match);
            }

            if (found is not null)
            {
                return found;
            }

            if (this.process.HasExited || timeout.IsCancellationRequested)
            {
                throw new Xunit.Sdk.XunitException($"{this.name} {(this.process.HasExited ? $"exited ({this.process.ExitCode})" : "ran 4 minutes")} before printing {what}:\n{this.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    /// <returns>A task that completes when it has exited.</returns>
    public async Task WaitForExitAsync()
    {
        // A guard against a hang, not a timing assertion.
        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        await this.process.WaitForExitAsync(timeout.Token);

        // The output handlers may still be draining: this waits for the end of both streams.
        this.process.WaitForExit();
    }

    /// <summary>Kills the process at once, as a crash or <c>kill -9</c> would: nothing is cleaned up.</summary>
    /// <returns>A task that completes when it is gone.</returns>
    public async Task KillHardAsync()
    {
        this.process.Kill(entireProcessTree: false);
        await this.process.WaitForExitAsync();
    }

    /// <summary>Asks the process to stop (SIGTERM, as a container platform does) and waits for it.</summary>
    /// <returns>Its exit code.</returns>
    public async Task<int> StopAsync()
    {
        using (Process signal = Process.Start("kill", ["-TERM", this.process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using CancellationTokenSource timeout = new(TimeSpan.FromMinutes(2));
        await this.process.WaitForExitAsync(timeout.Token);
        return this.process.ExitCode;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            await this.KillHardAsync();
        }

        this.process.Dispose();
    }

    void Add(string? line)
    {
        if (line is not null)
        {
            lock (this.lines)
            {
                this.lines.Add(line);
            }
        }
    }
}
