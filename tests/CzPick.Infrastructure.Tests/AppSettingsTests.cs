using System.Reflection;
using CzPick.Infrastructure.Tests.Arm;
using CzPick.Pipeline.Configuration;

namespace CzPick.Infrastructure.Tests;

[Collection(MainBicepCollection.Name)]
public sealed class AppSettingsTests(MainBicep bicep)
{
    // Settings of the platform, not of CzPick's code.
    const string AppInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    const string AppInsightsAuthentication = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    [Fact]
    public void FunctionApp_Names_ExactlyTheSettingNamesTheCodeReads()
    {
        // In Azure the app uses Service Bus and Event Grid with managed identities; tuning options keep their defaults.
        string[] expected = AppSettingNames.FunctionApp;

        IReadOnlyDictionary<string, ArmValue> settings = FunctionAppSettings(bicep.Deploy());

        Assert.Equal(
            expected.Order(StringComparer.Ordinal),
            settings.Keys.Except([AppInsightsConnectionString, AppInsightsAuthentication]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FunctionApp_Values_NoKeysConnectionStringsOrListKeys()
    {
        CompiledTemplate template = bicep.Deploy();
        IReadOnlyDictionary<string, ArmValue> settings = FunctionAppSettings(template);

        foreach ((string name, ArmValue value) in settings)
        {
            if (name == AppInsightsConnectionString)
            {
                // It names the component and grants nothing: ingestion needs an Entra token (local auth is off).
                ArmResource insights = template.Single("Microsoft.Insights/components");
                Assert.True(Known.Bool(insights["properties.DisableLocalAuth"]));
                Assert.Matches(@"^reference\(resourceId\('Microsoft.Insights/components', .*\), '[0-9-]+'\)\.ConnectionString$", value.Render());
                continue;
            }

            Assert.False(Secrets.Reads(value), $"{name} reads a secret: {value.Render()}");
        }

        Assert.Equal(
            $"'ClientId={{0}};Authorization=AAD'",
            Assert.IsType<CallValue>(settings[AppInsightsAuthentication]).Arguments[0].Render());
        Assert.DoesNotContain(settings.Keys, name => name.StartsWith("FUNCTIONS_", StringComparison.Ordinal) || name.StartsWith("WEBSITE_", StringComparison.Ordinal));
        Assert.DoesNotContain(SettingNames.AzureWebJobsStorage, settings.Keys);
    }

    [Fact]
    public void FunctionApp_Connections_ManagedIdentityOfTheFunctionApp()
    {
        CompiledTemplate template = bicep.Deploy();
        IReadOnlyDictionary<string, ArmValue> settings = FunctionAppSettings(template);

        Assert.Equal(template.Single("Microsoft.Storage/storageAccounts").Name.Render(), settings[AppSettingNames.WebJobsStorageAccountName].Render());
        Assert.All(
            [AppSettingNames.WebJobsStorageCredential, AppSettingNames.StorageCredential, AppSettingNames.ServiceBusCredential],
            name => Assert.Equal(SettingNames.ManagedIdentityCredential, Known.String(settings[name])));
        Assert.All(
            [AppSettingNames.WebJobsStorageClientId, AppSettingNames.StorageClientId, AppSettingNames.ServiceBusClientId],
            name => Assert.True(Identities.IsPropertyOf(template, settings[name], Identities.Function, "clientId"), $"{name} = {settings[name].Render()}"));
        Assert.EndsWith(".primaryEndpoints.blob", settings[AppSettingNames.StorageBlobServiceUri].Render(), StringComparison.Ordinal);
        Assert.EndsWith(".primaryEndpoints.queue", settings[AppSettingNames.StorageQueueServiceUri].Render(), StringComparison.Ordinal);
        Assert.Contains("'service-bus'", settings[AppSettingNames.ServiceBusFullyQualifiedNamespace].Render(), StringComparison.Ordinal);
        Assert.EndsWith(".outputs.fullyQualifiedNamespace.value", settings[AppSettingNames.ServiceBusFullyQualifiedNamespace].Render(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "sample")]
    [InlineData("soup-2024", "soup-2024")]
    public void FunctionApp_Options_ServiceBusEventGridAndEnsemble(string? ensemble, string expectedEnsemble)
    {
        CompiledTemplate template = ensemble is null ? bicep.Deploy() : bicep.Deploy(("ensemble", ensemble));
        IReadOnlyDictionary<string, ArmValue> settings = FunctionAppSettings(template);

        Assert.Equal("ServiceBus", Known.String(settings[AppSettingNames.WorkQueueTransport]));
        Assert.Equal("picking-blocks", Known.String(settings[AppSettingNames.WorkQueueName]));
        Assert.Equal("EventGrid", Known.String(settings[AppSettingNames.EventsTransport]));
        Assert.Contains("'events-topic'", settings[AppSettingNames.EventsTopicEndpoint].Render(), StringComparison.Ordinal);
        Assert.EndsWith(".outputs.endpoint.value", settings[AppSettingNames.EventsTopicEndpoint].Render(), StringComparison.Ordinal);
        Assert.Equal(expectedEnsemble, Known.String(settings[AppSettingNames.ModelsEnsemble]));
    }

    [Fact]
    public void Worker_Environment_SettingNamesOfItsConnectionsWithItsIdentity()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmValue container = Assert.Single(ArmScope.Elements(template.Single("Microsoft.App/containerApps")["properties.template.containers"]));
        IReadOnlyDictionary<string, ArmValue> environment = NameValues(((KnownValue)container).Scope.Member(container, "env"));

        Assert.Equal(
            new[]
            {
                AppSettingNames.StorageBlobServiceUri, AppSettingNames.StorageQueueServiceUri, AppSettingNames.StorageCredential, AppSettingNames.StorageClientId,
                AppSettingNames.ServiceBusFullyQualifiedNamespace, AppSettingNames.ServiceBusCredential, AppSettingNames.ServiceBusClientId,
                AppSettingNames.WorkQueueTransport, AppSettingNames.WorkQueueName, AppSettingNames.ModelsEnsemble,
            }.Order(StringComparer.Ordinal),
            environment.Keys.Order(StringComparer.Ordinal));
        Assert.All(environment, pair => Assert.False(Secrets.Reads(pair.Value), $"{pair.Key} reads a secret: {pair.Value.Render()}"));
        Assert.True(Identities.IsPropertyOf(template, environment[AppSettingNames.StorageClientId], Identities.Worker, "clientId"));
        Assert.True(Identities.IsPropertyOf(template, environment[AppSettingNames.ServiceBusClientId], Identities.Worker, "clientId"));
        Assert.Equal(SettingNames.ManagedIdentityCredential, Known.String(environment[AppSettingNames.StorageCredential]));
        Assert.Equal(SettingNames.ManagedIdentityCredential, Known.String(environment[AppSettingNames.ServiceBusCredential]));
        Assert.Equal("ServiceBus", Known.String(environment[AppSettingNames.WorkQueueTransport]));
        Assert.Equal("picking-blocks", Known.String(environment[AppSettingNames.WorkQueueName]));
    }

    [Fact]
    public void SettingNames_Constants_MatchTheConfigurationDocument()
    {
        string document = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "docs", "configuration.md"));

        Assert.All(SettingNameConstants(), pair => Assert.Contains(PipelineOptions.EnvironmentName(pair.Value), document, StringComparison.Ordinal));
    }

    static Dictionary<string, string> SettingNameConstants() => typeof(SettingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(field => field.IsLiteral)
        .ToDictionary(field => field.Name, field => (string)field.GetRawConstantValue()!);

    static IReadOnlyDictionary<string, ArmValue> FunctionAppSettings(CompiledTemplate template) =>
        NameValues(template.Single("Microsoft.Web/sites")["properties.siteConfig.appSettings"]);

    static Dictionary<string, ArmValue> NameValues(ArmValue array) => ArmScope.Elements(array).ToDictionary(
        item => Known.String(((KnownValue)item).Scope.Member(item, "name")),
        item => ((KnownValue)item).Scope.Member(item, "value"));
}
