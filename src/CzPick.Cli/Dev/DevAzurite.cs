using System.Diagnostics;
using CzPick.Pipeline.Local;

namespace CzPick.Cli.Dev;

/// <summary>
/// Azurite for <c>czpick dev</c>: the one already listening on the default ports, else one started here, installed
/// first by the repository's own <c>scripts/setup-azurite.sh</c> (npm) when it is not there yet.
/// </summary>
static class DevAzurite
{
    const string SetupScript = "scripts/setup-azurite.sh";

    /// <summary>Returns the Azurite listening on the default ports, starting one when none is.</summary>
    /// <param name="location">Where a started Azurite keeps its data, so a restart finds the runs again.</param>
    /// <param name="log">Receives one line about what was done.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started server, or null when one was listening already.</returns>
    /// <exception cref="UserErrorException">Azurite is not installed and cannot be installed from here.</exception>
    public static async Task<AzuriteServer?> EnsureAsync(string location, TextWriter log, CancellationToken cancellationToken)
    {
        if (await AzuriteServer.IsListeningAsync(AzuritePorts.Default, cancellationToken))
        {
            log.WriteLine($"Using the Azurite listening on ports {AzuritePorts.Default}.");
            return null;
        }

        string launcher = await FindOrInstallAsync(log, cancellationToken);
        AzuriteServer server = await AzuriteServer.StartAsync(launcher, AzuritePorts.Default, location, cancellationToken);
        log.WriteLine($"Started Azurite on ports {AzuritePorts.Default}, data in {Path.GetFullPath(location)}.");
        return server;
    }

    static async Task<string> FindOrInstallAsync(TextWriter log, CancellationToken cancellationToken)
    {
        try
        {
            return AzuriteServer.FindLauncher(AppContext.BaseDirectory);
        }
        catch (FileNotFoundException)
        {
            string script = FindSetupScript()
                ?? throw new UserErrorException($"Azurite is not installed and this czpick is not inside the repository ({SetupScript} not found above {AppContext.BaseDirectory}); start Azurite yourself (npx azurite) or pass --storage.");
            log.WriteLine($"Installing Azurite with {script} (npm)...");
            ProcessStartInfo start = new("bash") { UseShellExecute = false };
            start.ArgumentList.Add(script);
            using Process setup = Process.Start(start) ?? throw new UserErrorException($"Could not run bash {script}.");
            await setup.WaitForExitAsync(cancellationToken);
            if (setup.ExitCode != 0)
            {
                throw new UserErrorException($"{script} failed (exit code {setup.ExitCode}); see its output above.");
            }

            return AzuriteServer.FindLauncher(AppContext.BaseDirectory);
        }
    }

    static string? FindSetupScript()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, SetupScript);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
