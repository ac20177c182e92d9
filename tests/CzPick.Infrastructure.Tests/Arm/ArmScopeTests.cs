using System.Text.Json.Nodes;

namespace CzPick.Infrastructure.Tests.Arm;

public sealed class ArmScopeTests
{
    // A main template with one module, as bicep build writes them.
    static readonly JsonObject Template = JsonNode.Parse("""
        {
          "parameters": {
            "environmentName": { "type": "string" },
            "retention": { "type": "int", "defaultValue": 7 }
          },
          "variables": {
            "token": "[toLower(uniqueString(subscription().id, parameters('environmentName')))]",
            "names": { "identity": "[format('id-{0}-{1}', 'func', variables('token'))]", "plain": "work" }
          },
          "resources": [
            {
              "type": "Microsoft.Resources/deployments",
              "name": "roles",
              "properties": {
                "parameters": {
                  "identityName": { "value": "[variables('names').identity]" },
                  "days": { "value": "[parameters('retention')]" }
                },
                "template": {
                  "parameters": { "identityName": { "type": "string" }, "days": { "type": "int" }, "unset": { "type": "string", "defaultValue": "x" } },
                  "resources": []
                }
              }
            }
          ]
        }
        """)!.AsObject();

    [Fact]
    public void Evaluate_FormatOfKnownArguments_Text()
    {
        ArmScope scope = new(Template, new Dictionary<string, JsonNode?>());

        Assert.Equal("a-7-b{c}", Known.String(scope.Evaluate("format('a-{0}-{1}{{c}}', parameters('retention'), 'b')")));
    }

    [Fact]
    public void Evaluate_FormatOfUnknownArgument_KnownPartsWrittenIntoThePattern()
    {
        ArmScope scope = new(Template, new Dictionary<string, JsonNode?> { ["environmentName"] = "dev" });

        ArmValue value = scope.Evaluate("variables('names').identity");

        Assert.Equal("format('id-func-{0}', toLower(uniqueString(subscription().id, 'dev')))", value.Render());
    }

    [Fact]
    public void Evaluate_ModuleParameter_ResolvedInTheParentScope()
    {
        ArmScope root = new(Template, new Dictionary<string, JsonNode?> { ["environmentName"] = "dev" });
        ArmScope module = root.Nested(Template["resources"]![0]!.AsObject());

        Assert.Equal(
            "reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', format('id-func-{0}', toLower(uniqueString(subscription().id, 'dev')))), '2024-11-30').principalId",
            module.Evaluate("reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('identityName')), '2024-11-30').principalId").Render());
        Assert.Equal(7, Known.Number(module.Evaluate("parameters('days')")));
        Assert.Equal("x", Known.String(module.Evaluate("parameters('unset')")));
    }

    [Fact]
    public void Evaluate_RootParameterWithoutValue_StaysAnExpression()
    {
        ArmScope scope = new(Template, new Dictionary<string, JsonNode?>());

        Assert.Equal("parameters('environmentName')", scope.Evaluate("parameters('environmentName')").Render());
    }

    [Theory]
    [InlineData("if(empty(''), 'yes', 'no')", "yes")]
    [InlineData("if(not(empty('a')), 'yes', 'no')", "yes")]
    [InlineData("createObject('k', 'it''s')['k']", "it's")]
    [InlineData("union(createObject('a', 'x'), createObject('a', 'y')).a", "y")]
    [InlineData("concat('a', string(parameters('retention')))", "a7")]
    public void Evaluate_KnownFunctions_Computed(string expression, string expected)
    {
        ArmScope scope = new(Template, new Dictionary<string, JsonNode?>());

        Assert.Equal(expected, Known.String(scope.Evaluate(expression)));
    }

    [Fact]
    public void FromJson_DoubledBracket_LiteralText()
    {
        ArmScope scope = new(Template, new Dictionary<string, JsonNode?>());

        Assert.Equal("[not an expression]", Known.String(scope.FromJson(JsonValue.Create("[[not an expression]"))));
    }

    [Theory]
    [InlineData("format('a'")]
    [InlineData("parameters('retention') extra")]
    [InlineData("'unterminated")]
    public void Evaluate_Malformed_NamesPositionAndExpression(string expression)
    {
        ArmScope scope = new(Template, new Dictionary<string, JsonNode?>());

        FormatException error = Assert.Throws<FormatException>(() => scope.Evaluate(expression));
        Assert.Contains(expression, error.Message, StringComparison.Ordinal);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }
}
