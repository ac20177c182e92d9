using System.Diagnostics;

namespace CzPick.Infrastructure.Tests;

/// <summary>The Bicep CLI that scripts/setup-bicep.sh installs into .tools/bicep.</summary>
static class BicepCli
{
    /// <summary>Gets the path of the binary.</summary>
    public static string Path { get; } = System.IO.Path.Combine(TestPaths.RepositoryRoot, ".tools", "bicep", "bicep");

    /// <summary>Runs the CLI.</summary>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>The exit code and everything it printed (Bicep prints diagnostics on stderr).</returns>
    public static (int ExitCode, string Output) Run(params string[] arguments)
    {
        if (!File.Exists(Path))
        {
            throw new FileNotFoundException(
                $"The Bicep CLI is not installed at {Path}: run scripts/setup-bicep.sh (test.sh runs it before the tests).", Path);
        }

        ProcessStartInfo start = new(Path, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = TestPaths.RepositoryRoot,
        };

        // Offline: no telemetry, no registry restore.
        start.Environment["BICEP_TELEMETRY_ENABLED"] = "false";
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
