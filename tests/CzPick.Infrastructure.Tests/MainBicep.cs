using System.Text.Json.Nodes;
using CzPick.Infrastructure.Tests.Arm;

namespace CzPick.Infrastructure.Tests;

/// <summary>infra/main.bicep compiled once (into a temp folder) and linted once, shared by the tests.</summary>
public sealed class MainBicep : IDisposable
{
    readonly TempDirectory directory = new();
    readonly JsonObject? template;

    /// <summary>Initializes a new instance of the <see cref="MainBicep"/> class: runs <c>bicep build</c> and
    /// <c>bicep lint</c>.</summary>
    public MainBicep()
    {
        string output = this.directory.File("main.json");
        Task<(int ExitCode, string Output)> lint = Task.Run(() => BicepCli.Run("lint", SourcePath));
        (this.BuildExitCode, this.BuildOutput) = BicepCli.Run("build", SourcePath, "--outfile", output);
        (this.LintExitCode, this.LintOutput) = lint.Result;
        this.template = File.Exists(output) ? JsonNode.Parse(File.ReadAllText(output))!.AsObject() : null;
    }

    /// <summary>Gets the path of infra/main.bicep.</summary>
    public static string SourcePath { get; } = Path.Combine(TestPaths.RepositoryRoot, "infra", "main.bicep");

    /// <summary>Gets the exit code of <c>bicep build</c>.</summary>
    public int BuildExitCode { get; }

    /// <summary>Gets what <c>bicep build</c> printed.</summary>
    public string BuildOutput { get; }

    /// <summary>Gets the exit code of <c>bicep lint</c>.</summary>
    public int LintExitCode { get; }

    /// <summary>Gets what <c>bicep lint</c> printed.</summary>
    public string LintOutput { get; }

    /// <summary>Returns the compiled template as azd would deploy it: an environment name and a region given, every
    /// other parameter at its default unless overridden.</summary>
    /// <param name="overrides">Parameter values to pass instead of the defaults.</param>
    /// <returns>The template.</returns>
    internal CompiledTemplate Deploy(params (string Name, object Value)[] overrides)
    {
        Assert.True(this.template is not null, $"bicep build failed:\n{this.BuildOutput}");
        Dictionary<string, JsonNode?> parameters = new()
        {
            ["environmentName"] = "czpick-test",
            ["location"] = "swedencentral",
        };
        foreach ((string name, object value) in overrides)
        {
            Assert.True(this.template["parameters"]!.AsObject().ContainsKey(name), $"main.bicep has no parameter '{name}'.");
            parameters[name] = JsonValue.Create(value);
        }

        return CompiledTemplate.Load(this.template, parameters);
    }

    /// <summary>Deletes the compiled template.</summary>
    public void Dispose() => this.directory.Dispose();
}

/// <summary>The tests that share one compilation of infra/main.bicep.</summary>
[CollectionDefinition(Name)]
public sealed class MainBicepCollection : ICollectionFixture<MainBicep>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "main.bicep";
}
