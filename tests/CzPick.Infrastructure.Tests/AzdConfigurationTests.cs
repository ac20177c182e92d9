using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CzPick.Infrastructure.Tests.Arm;

namespace CzPick.Infrastructure.Tests;

[Collection(MainBicepCollection.Name)]
public sealed partial class AzdConfigurationTests(MainBicep bicep)
{
    [Fact]
    public void AzureYaml_Services_TaggedOnTheirResources()
    {
        string azureYaml = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "azure.yaml"));
        CompiledTemplate template = bicep.Deploy();

        Assert.Equal(["functions", "worker"], ServiceName().Matches(azureYaml).Select(m => m.Groups[1].Value).Order());
        Assert.Equal("functions", ServiceTag(template.Single("Microsoft.Web/sites")));
        Assert.Equal("worker", ServiceTag(template.Single("Microsoft.App/containerApps")));
        Assert.Matches(@"(?m)^  functions:\n    project: \./src/CzPick\.Functions\n    language: dotnet\n    host: function$", azureYaml);
        Assert.Matches(@"(?m)^  worker:\n    project: \./src/CzPick\.Worker\n    language: dotnet\n    host: containerapp$", azureYaml);
    }

    [Fact]
    public void ParametersFile_Parameters_DeclaredRequiredOnesGivenValuesFromEnvironment()
    {
        JsonObject declared = bicep.Deploy().Root.Template["parameters"]!.AsObject();
        JsonObject given = JsonNode.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "infra", "main.parameters.json")))!["parameters"]!.AsObject();

        Assert.All(given, pair => Assert.True(declared.ContainsKey(pair.Key), $"main.parameters.json gives '{pair.Key}', which main.bicep does not declare."));
        Assert.All(
            declared.Where(pair => !pair.Value!.AsObject().ContainsKey("defaultValue")),
            pair => Assert.True(given.ContainsKey(pair.Key), $"main.bicep requires '{pair.Key}', which main.parameters.json does not give."));

        // Values come from the azd environment only: nothing in the file can be a secret.
        Assert.All(given, pair => Assert.Matches(@"^\$\{[A-Z_]+(=[^}]*)?\}$", pair.Value!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void Hooks_AzureYaml_ScriptsExist()
    {
        string azureYaml = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "azure.yaml"));

        IReadOnlyList<string> scripts = [.. HookScript().Matches(azureYaml).Select(m => m.Groups[1].Value)];

        Assert.Equal(["./infra/hooks/postdeploy.sh", "./infra/hooks/postdown.sh"], scripts);
        Assert.All(scripts, script => Assert.True(File.Exists(Path.Combine(TestPaths.RepositoryRoot, script)), script));
        Assert.Contains(
            "CZPICK_BLOB_TRIGGER_SUBSCRIPTION",
            File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "infra", "main.parameters.json")),
            StringComparison.Ordinal);
    }

    static string ServiceTag(ArmResource resource) => Known.String(resource.Scope.Member(resource["tags"], "azd-service-name"));

    [GeneratedRegex(@"(?m)^  ([a-z]+):\n    project:")]
    private static partial Regex ServiceName();

    [GeneratedRegex(@"(?m)^      run: (\S+)$")]
    private static partial Regex HookScript();
}
