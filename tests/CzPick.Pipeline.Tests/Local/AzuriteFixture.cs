using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Local;
using Microsoft.Extensions.Configuration;

namespace CzPick.Pipeline.Tests.Local;

/// <summary>One in-memory Azurite on free ports for a test collection, stopped at its end.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    AzuriteServer? server;

    /// <summary>Gets the running Azurite.</summary>
    public AzuriteServer Server => this.server ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>Gets the connection string.</summary>
    public string ConnectionString => this.Server.ConnectionString;

    /// <summary>Builds a configuration whose storage connection is this Azurite.</summary>
    /// <param name="settings">More settings, by their ':' names.</param>
    /// <returns>The configuration.</returns>
    public IConfiguration Configuration(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [SettingNames.Storage] = this.ConnectionString }
            .Concat(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value))))
        .Build();

    public async Task InitializeAsync()
    {
        this.server = await AzuriteServer.StartAsync(AzuriteServer.FindLauncher(AppContext.BaseDirectory), AzuriteServer.FreePorts(), location: null);
    }

    public async Task DisposeAsync()
    {
        if (this.server is not null)
        {
            await this.server.DisposeAsync();
        }
    }
}

/// <summary>The tests that share one Azurite.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
