using CzPick.Infrastructure.Tests.Arm;

namespace CzPick.Infrastructure.Tests;

/// <summary>The user-assigned identities of the deployment (infra/modules/identities.bicep), named
/// <c>id-{role}-{token}</c>.</summary>
static class Identities
{
    /// <summary>The Function App's identity.</summary>
    public const string Function = "func";

    /// <summary>The GPU worker's identity.</summary>
    public const string Worker = "worker";

    /// <summary>The identity of the worker's KEDA scale rule.</summary>
    public const string Scaler = "scaler";

    const string Type = "Microsoft.ManagedIdentity/userAssignedIdentities";

    /// <summary>Returns the resource id of an identity, as ARM will evaluate it.</summary>
    /// <param name="template">The compiled template.</param>
    /// <param name="role">The identity's role: <see cref="Function"/>, <see cref="Worker"/> or <see cref="Scaler"/>.</param>
    /// <returns>The expression of its resource id.</returns>
    public static string ResourceId(CompiledTemplate template, string role)
    {
        ArmResource identity = Assert.Single(template.OfType(Type), r => r.Name.Render().Contains($"'id-{role}-", StringComparison.Ordinal));
        return new CallValue("resourceId", [KnownValue.Of(Type, template.Root), identity.Name]).Render();
    }

    /// <summary>Returns whether a value reads a property of an identity: <c>reference(its id, …).property</c>.</summary>
    /// <param name="template">The compiled template.</param>
    /// <param name="value">The value.</param>
    /// <param name="role">The identity's role.</param>
    /// <param name="property">The property, for example <c>principalId</c> or <c>clientId</c>.</param>
    /// <returns>True if it does.</returns>
    public static bool IsPropertyOf(CompiledTemplate template, ArmValue value, string role, string property) =>
        value is MemberValue { Target: CallValue { Function: "reference", Arguments: [ArmValue id, ..] } } member
        && member.Name == property
        && id.Render() == ResourceId(template, role);
}
