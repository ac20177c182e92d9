using System.Text.RegularExpressions;
using CzPick.Infrastructure.Tests.Arm;

namespace CzPick.Infrastructure.Tests;

[Collection(MainBicepCollection.Name)]
public sealed partial class RoleAssignmentTests(MainBicep bicep)
{
    // Built-in role definitions, by the ids Azure gives them
    // (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles).
    const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    const string StorageBlobDataReader = "2a2b9908-6ea1-4ae2-8e65-a410df84e7d1";
    const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    const string StorageQueueDataMessageSender = "c6a89b2d-59bc-44d0-9896-0f6e12d7b80a";
    const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    const string ServiceBusDataReceiver = "4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0";
    const string ServiceBusDataOwner = "090c5cfd-751d-490a-894a-3ce6f1109419";
    const string EventGridDataSender = "d5a91429-5739-47e2-a06b-3470a27159e7";
    const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    const string Deployer = "00000000-0000-0000-0000-0000000000d1";
    const string StorageAccount = "Microsoft.Storage/storageAccounts";
    const string Container = "Microsoft.Storage/storageAccounts/blobServices/containers";
    const string StorageQueue = "Microsoft.Storage/storageAccounts/queueServices/queues";
    const string ServiceBusQueue = "Microsoft.ServiceBus/namespaces/queues";

    // (principal, role, scope type, scope's own name where the scope is a child resource)
    static readonly Grant[] Intended =
    [
        new(Identities.Function, StorageBlobDataOwner, StorageAccount, null),
        new(Identities.Function, StorageQueueDataContributor, StorageAccount, null),
        new(Identities.Function, StorageTableDataContributor, StorageAccount, null),
        new(Identities.Function, ServiceBusDataSender, ServiceBusQueue, "picking-blocks"),
        new(Identities.Function, EventGridDataSender, "Microsoft.EventGrid/topics", null),
        new(Identities.Function, MonitoringMetricsPublisher, "Microsoft.Insights/components", null),
        new(Identities.Worker, StorageBlobDataReader, Container, "tomograms"),
        new(Identities.Worker, StorageBlobDataReader, Container, "models"),
        new(Identities.Worker, StorageBlobDataContributor, Container, "work"),
        new(Identities.Worker, StorageQueueDataMessageSender, StorageQueue, "block-results"),
        new(Identities.Worker, ServiceBusDataReceiver, ServiceBusQueue, "picking-blocks"),
        new(Identities.Worker, AcrPull, "Microsoft.ContainerRegistry/registries", null),
        new(Identities.Scaler, ServiceBusDataOwner, ServiceBusQueue, "picking-blocks"),
        new(Deployer, StorageBlobDataContributor, StorageAccount, null),
    ];

    [Fact]
    public void RoleAssignments_WithDeployer_ExactlyTheIntendedGrants()
    {
        CompiledTemplate template = bicep.Deploy(("principalId", Deployer));

        IReadOnlyList<Grant> grants = [.. template.OfType("Microsoft.Authorization/roleAssignments").Select(r => Describe(template, r))];

        Assert.Equal(Intended.Order(), grants.Order());
    }

    [Fact]
    public void RoleAssignments_WithoutDeployer_DeployerGrantSkipped()
    {
        CompiledTemplate template = bicep.Deploy();

        IReadOnlyList<ArmResource> skipped = [.. template.OfType("Microsoft.Authorization/roleAssignments").Where(r => !Known.Bool(r.Condition))];

        ArmResource grant = Assert.Single(skipped);
        Assert.Equal(string.Empty, Known.String(grant["properties.principalId"]));
    }

    [Fact]
    public void RoleAssignments_Identities_ServicePrincipalsWithStableNames()
    {
        CompiledTemplate template = bicep.Deploy();

        foreach (ArmResource assignment in template.OfType("Microsoft.Authorization/roleAssignments").Where(r => Known.Bool(r.Condition)))
        {
            Assert.Equal("ServicePrincipal", Known.String(assignment["properties.principalType"]));

            // guid(scope, identity, role): the same grant keeps its name on every deployment.
            CallValue name = Assert.IsType<CallValue>(assignment.Name);
            Assert.Equal("guid", name.Function);
            Assert.DoesNotContain(name.Arguments, a => a.Any(part => part is CallValue { Function: "reference" }));
        }
    }

    static Grant Describe(CompiledTemplate template, ArmResource assignment)
    {
        Assert.True(Known.Bool(assignment.Condition));
        ArmValue principalId = assignment["properties.principalId"];
        string principal = principalId is KnownValue known
            ? known.String
            : Assert.Single(
                [Identities.Function, Identities.Worker, Identities.Scaler],
                role => Identities.IsPropertyOf(template, principalId, role, "principalId"));

        Match role = RoleDefinition().Match(assignment["properties.roleDefinitionId"].Render());
        Assert.True(role.Success, $"Not a built-in role: {assignment["properties.roleDefinitionId"].Render()}");

        CallValue scope = Assert.IsType<CallValue>(assignment.Scope.FromJson(assignment.Json["scope"]));
        Assert.Equal("resourceId", scope.Function);
        string scopeType = Known.String(scope.Arguments[0]);
        string? scopeName = scope.Arguments.Count > 2 ? Known.String(scope.Arguments[^1]) : null;
        return new Grant(principal, role.Groups[1].Value, scopeType, scopeName);
    }

    [GeneratedRegex(@"^subscriptionResourceId\('Microsoft.Authorization/roleDefinitions', '([0-9a-f-]{36})'\)$")]
    private static partial Regex RoleDefinition();

    /// <summary>A role given to a principal at a scope.</summary>
    public sealed record Grant(string Principal, string Role, string ScopeType, string? ScopeName) : IComparable<Grant>
    {
        /// <inheritdoc/>
        public int CompareTo(Grant? other) => string.CompareOrdinal(this.ToString(), other?.ToString());
    }
}
