using CzPick.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace CzPick.Cli.Dev;

/// <summary>
/// The configuration of the local pipeline commands: the environment (the same <c>CzPick__…</c> settings as the
/// Functions app), with the data storage defaulting to Azurite on its default ports.
/// </summary>
static class DevConfiguration
{
    /// <summary>The storage of the local pipeline when nothing else is said: Azurite on its default ports.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Builds the configuration.</summary>
    /// <param name="storage">A storage connection string that overrides the environment's, or null.</param>
    /// <returns>The configuration.</returns>
    public static IConfiguration Build(string? storage)
    {
        Dictionary<string, string?> defaults = new() { [SettingNames.Storage] = DevelopmentStorage };
        Dictionary<string, string?> overrides = storage is null ? [] : new() { [SettingNames.Storage] = storage };
        return new ConfigurationBuilder()
            .AddInMemoryCollection(defaults)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(overrides)
            .Build();
    }
}
