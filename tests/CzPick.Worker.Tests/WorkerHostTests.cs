using System.Net;
using System.Net.Http.Json;
using CzPick.Cli.Tests;
using CzPick.Pipeline.Local;
using CzPick.Pipeline.Tests.Local;

namespace CzPick.Worker.Tests;

/// <summary>The worker program as the container runs it: a process configured by environment variables.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WorkerHostTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Run_Configured_HealthyThenStopsGracefullyOnSigterm()
    {
        int port = AzuriteServer.FreePorts().Blob;
        await using ChildProcess worker = ChildProcess.Start("CzPick.Worker.dll", [], new Dictionary<string, string>
        {
            ["CzPickStorage"] = azurite.ConnectionString,
            ["CzPick__WorkQueue__Name"] = $"work-{Guid.NewGuid():N}",
            ["CzPick__Worker__Concurrency"] = "2",
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),

            // The test run sets Warning for every process it starts (test.runsettings); the lines read here are Information.
            ["Logging__LogLevel__Default"] = "Information",
        });
        await worker.WaitForLineAsync(line => line.Contains("Picking up to 2 blocks at once", StringComparison.Ordinal), "that its loops started");
        using HttpClient http = new() { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        HttpResponseMessage health = await GetWhenListeningAsync(http, WorkerHost.HealthPath);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(new WorkerHealth("running", 2), await health.Content.ReadFromJsonAsync<WorkerHealth>(System.Text.Json.JsonSerializerOptions.Web));
        Assert.Equal(0, await worker.StopAsync());
        Assert.Contains("Stopped taking blocks", worker.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_NoStorageConfigured_ExitsNamingTheSetting()
    {
        await using ChildProcess worker = ChildProcess.Start("CzPick.Worker.dll", [], new Dictionary<string, string>
        {
            ["CzPickStorage"] = string.Empty,
            ["ASPNETCORE_HTTP_PORTS"] = AzuriteServer.FreePorts().Blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        await worker.WaitForExitAsync();

        Assert.NotEqual(0, worker.ExitCode);
        Assert.Contains("Connection 'CzPickStorage' is not configured", worker.Output, StringComparison.Ordinal);
    }

    static async Task<HttpResponseMessage> GetWhenListeningAsync(HttpClient http, string path)
    {
        // Kestrel starts listening a moment after the hosted services start; a guard against a hang, not a timing assertion.
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                return await http.GetAsync(path);
            }
            catch (HttpRequestException) when (attempt < 100)
            {
                await Task.Delay(100);
            }
        }
    }
}
