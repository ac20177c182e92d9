using System.Text.Json.Nodes;

namespace CzPick.Infrastructure.Tests.Arm;

/// <summary>A resource of a compiled deployment, in the template (main or module) that declares it.</summary>
/// <param name="Type">The resource type, for example <c>Microsoft.Web/sites</c>.</param>
/// <param name="Json">Its declaration.</param>
/// <param name="Scope">The template that declares it.</param>
/// <param name="Module">The module (nested deployment) name, or empty for the main template.</param>
sealed record ArmResource(string Type, JsonObject Json, ArmScope Scope, string Module)
{
    /// <summary>Gets the evaluated name.</summary>
    public ArmValue Name => this.Scope.FromJson(this.Json["name"]);

    /// <summary>Gets the last segment of the name (a child resource's own name), when it is known.</summary>
    public string? LeafName => this.Name switch
    {
        KnownValue known => known.String.Split('/')[^1],
        CallValue { Function: "format", Arguments: [KnownValue pattern, ..] } when !pattern.String.Split('/')[^1].Contains('{', StringComparison.Ordinal) =>
            pattern.String.Split('/')[^1],
        _ => null,
    };

    /// <summary>Gets whether the resource is deployed: its condition, evaluated (true when it has none).</summary>
    public ArmValue Condition => this.Json.TryGetPropertyValue("condition", out JsonNode? condition)
        ? this.Scope.FromJson(condition)
        : KnownValue.Of(true, this.Scope);

    /// <summary>Returns the value at a dotted path of the declaration, for example <c>properties.siteConfig</c>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The evaluated value.</returns>
    public ArmValue this[string path] => this.Scope.Path(new KnownValue(this.Json, this.Scope), path);
}

/// <summary>The ARM JSON that <c>bicep build</c> writes for infra/main.bicep, with its modules flattened.</summary>
sealed class CompiledTemplate
{
    CompiledTemplate(ArmScope root, IReadOnlyList<ArmResource> resources, IReadOnlyList<ArmScope> templates)
    {
        this.Root = root;
        this.Resources = resources;
        this.Templates = templates;
    }

    /// <summary>Gets the scope of the main template.</summary>
    public ArmScope Root { get; }

    /// <summary>Gets every resource of the main template and of every module, modules' deployments included.</summary>
    public IReadOnlyList<ArmResource> Resources { get; }

    /// <summary>Gets the main template and every module's template.</summary>
    public IReadOnlyList<ArmScope> Templates { get; }

    /// <summary>Reads a compiled template.</summary>
    /// <param name="template">The ARM JSON.</param>
    /// <param name="parameters">Values for parameters of the main template, as a deployment would pass them.</param>
    /// <returns>The template.</returns>
    public static CompiledTemplate Load(JsonObject template, IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        ArmScope root = new(template, parameters);
        List<ArmResource> resources = [];
        List<ArmScope> templates = [];
        Collect(root, string.Empty, resources, templates);
        return new CompiledTemplate(root, resources, templates);
    }

    /// <summary>Returns the resources of a type.</summary>
    /// <param name="type">The resource type.</param>
    /// <returns>The resources.</returns>
    public IReadOnlyList<ArmResource> OfType(string type) =>
        [.. this.Resources.Where(r => string.Equals(r.Type, type, StringComparison.OrdinalIgnoreCase))];

    /// <summary>Returns the one resource of a type; fails if there is none or more than one.</summary>
    /// <param name="type">The resource type.</param>
    /// <returns>The resource.</returns>
    public ArmResource Single(string type) => Assert.Single(this.OfType(type));

    static void Collect(ArmScope scope, string module, List<ArmResource> resources, List<ArmScope> templates)
    {
        templates.Add(scope);
        foreach (JsonObject declaration in scope.Template["resources"]!.AsArray().Select(r => r!.AsObject()))
        {
            if (declaration["existing"]?.GetValue<bool>() == true)
            {
                continue;
            }

            ArmResource resource = new(declaration["type"]!.GetValue<string>(), declaration, scope, module);
            resources.Add(resource);
            if (resource.Type == "Microsoft.Resources/deployments")
            {
                Collect(scope.Nested(declaration), resource.Name is KnownValue name ? name.String : resource.Name.Render(), resources, templates);
            }
        }
    }
}
