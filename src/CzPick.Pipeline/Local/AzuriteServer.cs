using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CzPick.Pipeline.Local;

/// <summary>
/// Azurite, the Azure Storage emulator, as a child process: the one installed in the repository by
/// <c>scripts/setup-azurite.sh</c> (tools/azurite), on free or given ports, in memory or in a folder.
/// Disposing it stops the process.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>The well-known account name and key of the emulator (public, the same for every Azurite).</summary>
    const string AccountName = "devstoreaccount1";

    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The relative path of the launcher script under the repository root.</summary>
    const string LauncherPath = "tools/azurite/node_modules/azurite/dist/src/azurite.js";

    readonly Process process;

    AzuriteServer(Process process, AzuritePorts ports)
    {
        this.process = process;
        this.Ports = ports;
    }

    /// <summary>Gets the ports the blob, queue and table services listen on.</summary>
    public AzuritePorts Ports { get; }

    /// <summary>Gets a connection string for the three services.</summary>
    public string ConnectionString => ConnectionStringFor(this.Ports);

    /// <summary>Returns the connection string of an Azurite on given ports.</summary>
    /// <param name="ports">The ports.</param>
    /// <returns>The connection string.</returns>
    public static string ConnectionStringFor(AzuritePorts ports) => string.Create(
        CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{AccountName};QueueEndpoint=http://127.0.0.1:{ports.Queue}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{ports.Table}/{AccountName};");

    /// <summary>Finds the Azurite launcher installed in the repository above a folder.</summary>
    /// <param name="start">Where to start looking, e.g. the running assembly's folder.</param>
    /// <returns>The launcher script's full path.</returns>
    /// <exception cref="FileNotFoundException">No repository above has Azurite installed; the message says how to install it.</exception>
    public static string FindLauncher(string start)
    {
        for (DirectoryInfo? directory = new(start); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, LauncherPath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"Azurite is not installed in any folder above {start} (expected {LauncherPath}); run scripts/setup-azurite.sh in the repository.", LauncherPath);
    }

    /// <summary>Tells whether something accepts connections on all three ports.</summary>
    /// <param name="ports">The ports.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>True when blob, queue and table ports all accept a connection.</returns>
    public static async Task<bool> IsListeningAsync(AzuritePorts ports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ports);
        bool[] open = await Task.WhenAll(
            IsOpenAsync(ports.Blob, cancellationToken),
            IsOpenAsync(ports.Queue, cancellationToken),
            IsOpenAsync(ports.Table, cancellationToken)).ConfigureAwait(false);
        return open.All(port => port);
    }

    /// <summary>Returns three ports that are free now.</summary>
    /// <returns>The ports.</returns>
    public static AzuritePorts FreePorts()
    {
        TcpListener[] listeners = [new(IPAddress.Loopback, 0), new(IPAddress.Loopback, 0), new(IPAddress.Loopback, 0)];
        try
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Start();
            }

            int[] ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
            return new AzuritePorts(ports[0], ports[1], ports[2]);
        }
        finally
        {
            foreach (TcpListener listener in listeners)
            {
                listener.Stop();
            }
        }
    }

    /// <summary>Starts Azurite and waits until its three services accept connections.</summary>
    /// <param name="launcher">The launcher script (<see cref="FindLauncher"/>).</param>
    /// <param name="ports">The ports to listen on.</param>
    /// <param name="location">The folder to keep data in, or null to keep everything in memory.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="InvalidOperationException">Azurite exited or did not listen within 60 s; the message holds its output.</exception>
    public static async Task<AzuriteServer> StartAsync(string launcher, AzuritePorts ports, string? location, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ProcessStartInfo start = new("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            launcher, "--silent", "--skipApiVersionCheck", "--loose", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", ports.Blob.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", ports.Queue.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", ports.Table.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        System.Text.StringBuilder output = new();
        process.OutputDataReceived += (_, line) => Append(output, line.Data);
        process.ErrorDataReceived += (_, line) => Append(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        AzuriteServer server = new(process, ports);
        Stopwatch waited = Stopwatch.StartNew();
        while (!await IsListeningAsync(ports, cancellationToken).ConfigureAwait(false))
        {
            if (process.HasExited || waited.Elapsed > TimeSpan.FromSeconds(60))
            {
                await server.DisposeAsync().ConfigureAwait(false);
                string said;
                lock (output)
                {
                    said = output.ToString().Trim();
                }

                throw new InvalidOperationException($"Azurite did not start listening on ports {ports}: {(said.Length == 0 ? "no output" : said)}");
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        return server;
    }

    /// <summary>Stops Azurite.</summary>
    /// <returns>A task that completes when the process has exited.</returns>
    public async ValueTask DisposeAsync()
    {
        if (!this.process.HasExited)
        {
            this.process.Kill(entireProcessTree: true);
            await this.process.WaitForExitAsync().ConfigureAwait(false);
        }

        this.process.Dispose();
    }

    static void Append(System.Text.StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    static async Task<bool> IsOpenAsync(int port, CancellationToken cancellationToken)
    {
        using TcpClient client = new();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
