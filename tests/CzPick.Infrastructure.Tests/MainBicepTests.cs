using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CzPick.Infrastructure.Tests.Arm;

namespace CzPick.Infrastructure.Tests;

[Collection(MainBicepCollection.Name)]
public sealed partial class MainBicepTests(MainBicep bicep)
{
    [Fact]
    public void Build_MainBicep_NoDiagnostics()
    {
        Assert.True(bicep.BuildExitCode == 0, bicep.BuildOutput);
        Assert.DoesNotMatch(Diagnostic(), bicep.BuildOutput);
    }

    [Fact]
    public void Lint_MainBicep_NoDiagnostics()
    {
        Assert.True(bicep.LintExitCode == 0, bicep.LintOutput);
        Assert.DoesNotMatch(Diagnostic(), bicep.LintOutput);
    }

    [Fact]
    public void StorageAccount_Defaults_NoSharedKeyNoPublicBlobsTls12()
    {
        ArmResource account = bicep.Deploy().Single("Microsoft.Storage/storageAccounts");

        Assert.False(Known.Bool(account["properties.allowSharedKeyAccess"]));
        Assert.False(Known.Bool(account["properties.allowBlobPublicAccess"]));
        Assert.Equal("TLS1_2", Known.String(account["properties.minimumTlsVersion"]));
        Assert.True(Known.Bool(account["properties.supportsHttpsTrafficOnly"]));
    }

    [Fact]
    public void StorageAccount_Containers_FlowContainersPrivate()
    {
        IReadOnlyList<ArmResource> containers = bicep.Deploy().OfType("Microsoft.Storage/storageAccounts/blobServices/containers");

        Assert.Equal(["app-package", "models", "picks", "tomograms", "work"], containers.Select(c => c.LeafName).Order());
        Assert.All(containers, c => Assert.Equal("None", Known.String(c["properties.publicAccess"])));
    }

    [Fact]
    public void StorageAccount_Queues_FlowQueues()
    {
        IReadOnlyList<ArmResource> queues = bicep.Deploy().OfType("Microsoft.Storage/storageAccounts/queueServices/queues");

        Assert.Equal(["block-results", "picking-blocks", "picking-events"], queues.Select(q => q.LeafName).Order());
    }

    [Theory]
    [InlineData(null, 7)]
    [InlineData(3, 3)]
    public void Lifecycle_WorkRetention_DeletesWorkBlobsOnly(int? retentionDays, int expectedDays)
    {
        CompiledTemplate template = retentionDays is int days ? bicep.Deploy(("workRetentionDays", days)) : bicep.Deploy();

        ArmValue rule = Assert.Single(ArmScope.Elements(template.Single("Microsoft.Storage/storageAccounts/managementPolicies")["properties.policy.rules"]));
        ArmScope scope = ((KnownValue)rule).Scope;
        Assert.Equal(["work/"], Known.Strings(scope.Path(rule, "definition.filters.prefixMatch")));
        Assert.Equal(expectedDays, Known.Number(scope.Path(rule, "definition.actions.baseBlob.delete.daysAfterModificationGreaterThan")));
    }

    [Fact]
    public void ServiceBus_WorkQueue_LockDeliveryDeadLetterDuplicates()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource serviceBus = template.Single("Microsoft.ServiceBus/namespaces");
        ArmResource queue = template.Single("Microsoft.ServiceBus/namespaces/queues");

        Assert.Equal("Standard", Known.String(serviceBus["sku.name"]));
        Assert.True(Known.Bool(serviceBus["properties.disableLocalAuth"]));
        Assert.Equal("picking-blocks", queue.LeafName);
        Assert.Equal("PT5M", Known.String(queue["properties.lockDuration"]));
        Assert.Equal(5, Known.Number(queue["properties.maxDeliveryCount"]));
        Assert.True(Known.Bool(queue["properties.deadLetteringOnMessageExpiration"]));
        Assert.True(Known.Bool(queue["properties.requiresDuplicateDetection"]));
        Assert.Equal("PT10M", Known.String(queue["properties.duplicateDetectionHistoryTimeWindow"]));
    }

    [Fact]
    public void FunctionApp_FlexConsumption_DotnetIsolatedWithDurableAlwaysReady()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource plan = template.Single("Microsoft.Web/serverfarms");
        ArmResource site = template.Single("Microsoft.Web/sites");

        Assert.Equal("FC1", Known.String(plan["sku.name"]));
        Assert.Equal("FlexConsumption", Known.String(plan["sku.tier"]));
        Assert.Equal("functionapp,linux", Known.String(site["kind"]));
        Assert.Equal("dotnet-isolated", Known.String(site["properties.functionAppConfig.runtime.name"]));
        Assert.Equal("10.0", Known.String(site["properties.functionAppConfig.runtime.version"]));
        ArmValue durable = Assert.Single(
            ArmScope.Elements(site["properties.functionAppConfig.scaleAndConcurrency.alwaysReady"]),
            group => Known.String(((KnownValue)group).Scope.Member(group, "name")) == "durable");
        Assert.True(Known.Number(((KnownValue)durable).Scope.Member(durable, "instanceCount")) >= 1);
    }

    [Fact]
    public void FunctionApp_Identity_UserAssignedForAppAndDeployment()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource site = template.Single("Microsoft.Web/sites");
        string functionIdentity = Identities.ResourceId(template, Identities.Function);

        Assert.Equal("UserAssigned", Known.String(site["identity.type"]));
        Assert.Equal([functionIdentity], ArmScope.Keys(site["identity.userAssignedIdentities"]).Select(Unwrap));
        Assert.Equal("UserAssignedIdentity", Known.String(site["properties.functionAppConfig.deployment.storage.authentication.type"]));
        Assert.Equal(functionIdentity, site["properties.functionAppConfig.deployment.storage.authentication.userAssignedIdentityResourceId"].Render());
        Assert.All(
            template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies"),
            policy => Assert.False(Known.Bool(policy["properties.allow"])));
        Assert.Equal(2, template.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").Count);
    }

    [Fact]
    public void Monitoring_AppInsights_OnLogAnalyticsWithLocalAuthOff()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource insights = template.Single("Microsoft.Insights/components");
        ArmResource workspace = template.Single("Microsoft.OperationalInsights/workspaces");

        Assert.True(Known.Bool(insights["properties.DisableLocalAuth"]));
        Assert.Equal(
            new CallValue("resourceId", [KnownValue.Of("Microsoft.OperationalInsights/workspaces", template.Root), workspace.Name]).Render(),
            insights["properties.WorkspaceResourceId"].Render());
    }

    [Fact]
    public void BlobEvents_SystemTopic_OnTheStorageAccount()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource topic = template.Single("Microsoft.EventGrid/systemTopics");
        ArmResource account = template.Single("Microsoft.Storage/storageAccounts");

        Assert.Equal("Microsoft.Storage.StorageAccounts", Known.String(topic["properties.topicType"]));
        Assert.Equal(
            new CallValue("resourceId", [KnownValue.Of("Microsoft.Storage/storageAccounts", template.Root), account.Name]).Render(),
            topic["properties.source"].Render());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BlobEvents_Subscription_DeliversTomogramUploadsToStartPicking(bool enabled)
    {
        CompiledTemplate template = bicep.Deploy(("blobTriggerSubscriptionEnabled", enabled));
        ArmResource subscription = template.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions");

        Assert.Equal(enabled, Known.Bool(subscription.Condition));
        Assert.Equal(["Microsoft.Storage.BlobCreated"], Known.Strings(subscription["properties.filter.includedEventTypes"]));
        Assert.Equal("/blobServices/default/containers/tomograms/blobs/", Known.String(subscription["properties.filter.subjectBeginsWith"]));
        Assert.Equal("WebHook", Known.String(subscription["properties.destination.endpointType"]));
        string endpoint = subscription["properties.destination.properties.endpointUrl"].Render();
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.StartPicking&code={", endpoint, StringComparison.Ordinal);
        Assert.Contains("listKeys(resourceId('Microsoft.Web/sites/host', ", endpoint, StringComparison.Ordinal);
        Assert.EndsWith(".systemKeys.blobs_extension)", endpoint, StringComparison.Ordinal);
    }

    [Fact]
    public void EventsTopic_CloudEvents_KeysOff()
    {
        ArmResource topic = bicep.Deploy().Single("Microsoft.EventGrid/topics");

        Assert.Equal("CloudEventSchemaV1_0", Known.String(topic["properties.inputSchema"]));
        Assert.True(Known.Bool(topic["properties.disableLocalAuth"]));
    }

    [Fact]
    public void Registry_NoAdminUserNoAnonymousPull()
    {
        ArmResource registry = bicep.Deploy().Single("Microsoft.ContainerRegistry/registries");

        Assert.False(Known.Bool(registry["properties.adminUserEnabled"]));
        Assert.False(Known.Bool(registry["properties.anonymousPullEnabled"]));
    }

    [Theory]
    [InlineData(null, "Consumption-GPU-NC8as-T4", 8, "56Gi")]
    [InlineData("Consumption-GPU-NC24-A100", "Consumption-GPU-NC24-A100", 24, "220Gi")]
    public void Worker_GpuProfile_T4ByDefaultA100ByParameter(string? parameter, string profileType, int cpu, string memory)
    {
        CompiledTemplate template = parameter is null ? bicep.Deploy() : bicep.Deploy(("gpuProfileType", parameter));
        ArmResource environment = template.Single("Microsoft.App/managedEnvironments");
        ArmResource app = template.Single("Microsoft.App/containerApps");

        ArmValue gpu = Assert.Single(
            ArmScope.Elements(environment["properties.workloadProfiles"]),
            profile => Known.String(((KnownValue)profile).Scope.Member(profile, "workloadProfileType")) == profileType);
        Assert.Equal(Known.String(((KnownValue)gpu).Scope.Member(gpu, "name")), Known.String(app["properties.workloadProfileName"]));
        ArmValue container = Assert.Single(ArmScope.Elements(app["properties.template.containers"]));
        ArmScope scope = ((KnownValue)container).Scope;
        Assert.Equal(cpu, Known.Number(scope.Path(container, "resources.cpu")));
        Assert.Equal(memory, Known.String(scope.Path(container, "resources.memory")));
    }

    [Fact]
    public void Worker_Environment_LogsThroughDiagnosticSettingsWithoutWorkspaceKey()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource environment = template.Single("Microsoft.App/managedEnvironments");
        ArmResource diagnostics = template.Single("Microsoft.Insights/diagnosticSettings");

        Assert.Equal("azure-monitor", Known.String(environment["properties.appLogsConfiguration.destination"]));
        Assert.False(ArmScope.Has(environment["properties.appLogsConfiguration"], "logAnalyticsConfiguration"));
        Assert.Equal(
            new CallValue("resourceId", [KnownValue.Of("Microsoft.App/managedEnvironments", template.Root), environment.Name]).Render(),
            diagnostics.Scope.FromJson(diagnostics.Json["scope"]).Render());
    }

    [Fact]
    public void Worker_ScaleRule_ServiceBusQueueWithScalerIdentityToZero()
    {
        CompiledTemplate template = bicep.Deploy();
        ArmResource app = template.Single("Microsoft.App/containerApps");
        ArmResource serviceBus = template.Single("Microsoft.ServiceBus/namespaces");

        Assert.Equal(0, Known.Number(app["properties.template.scale.minReplicas"]));
        ArmValue rule = Assert.Single(ArmScope.Elements(app["properties.template.scale.rules"]));
        ArmScope scope = ((KnownValue)rule).Scope;
        Assert.Equal("azure-servicebus", Known.String(scope.Path(rule, "custom.type")));
        Assert.Equal(Identities.ResourceId(template, Identities.Scaler), scope.Path(rule, "custom.identity").Render());
        Assert.Equal("picking-blocks", Known.String(scope.Path(rule, "custom.metadata.queueName")));
        Assert.Equal(serviceBus.Name.Render(), scope.Path(rule, "custom.metadata.namespace").Render());
        Assert.Equal("4", Known.String(scope.Path(rule, "custom.metadata.messageCount")));
        Assert.False(ArmScope.Has(scope.Member(rule, "custom"), "auth"));
    }

    [Theory]
    [InlineData(null, "mcr.microsoft.com/k8se/quickstart:latest")]
    [InlineData("crczpick.azurecr.io/czpick/worker:azd-1", "crczpick.azurecr.io/czpick/worker:azd-1")]
    public void Worker_Image_PulledFromRegistryWithWorkerIdentity(string? imageName, string expectedImage)
    {
        CompiledTemplate template = imageName is null ? bicep.Deploy() : bicep.Deploy(("workerImageName", imageName));
        ArmResource app = template.Single("Microsoft.App/containerApps");
        ArmResource registry = template.Single("Microsoft.ContainerRegistry/registries");

        ArmValue registryEntry = Assert.Single(ArmScope.Elements(app["properties.configuration.registries"]));
        ArmScope scope = ((KnownValue)registryEntry).Scope;
        Assert.Equal(Identities.ResourceId(template, Identities.Worker), scope.Member(registryEntry, "identity").Render());
        Assert.Contains(registry.Name.Render(), scope.Member(registryEntry, "server").Render(), StringComparison.Ordinal);
        ArmValue container = Assert.Single(ArmScope.Elements(app["properties.template.containers"]));
        Assert.Equal(expectedImage, Known.String(((KnownValue)container).Scope.Member(container, "image")));
        Assert.Equal(
            [Identities.ResourceId(template, Identities.Worker), Identities.ResourceId(template, Identities.Scaler)],
            ArmScope.Keys(app["identity.userAssignedIdentities"]).Select(Unwrap));
    }

    [Fact]
    public void Outputs_EveryTemplate_NoSecrets()
    {
        CompiledTemplate template = bicep.Deploy();
        List<string> outputs = [];

        foreach (ArmScope scope in template.Templates)
        {
            foreach ((string name, JsonNode? output) in scope.Template["outputs"]?.AsObject() ?? [])
            {
                outputs.Add(name);
                Assert.DoesNotContain("secure", output!["type"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
                Assert.False(Secrets.Reads(scope.FromJson(output["value"])), $"Output {name} reads a secret: {scope.FromJson(output["value"]).Render()}");
            }
        }

        Assert.Contains("AZURE_CONTAINER_REGISTRY_ENDPOINT", outputs);
        Assert.Contains("CZPICK_EVENTS_TOPIC_ENDPOINT", outputs);
    }

    [Fact]
    public void Parameters_EveryTemplate_NoSecureParameters()
    {
        CompiledTemplate template = bicep.Deploy();

        Assert.All(
            template.Templates.SelectMany(scope => scope.Template["parameters"]?.AsObject() ?? []),
            parameter => Assert.DoesNotContain("secure", parameter.Value!["type"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase));
    }

    // A key of identity.userAssignedIdentities is written format('{0}', resourceId(…)).
    static string Unwrap(ArmValue key) => key is CallValue { Function: "format", Arguments: [KnownValue { String: "{0}" }, ArmValue inner] }
        ? inner.Render()
        : key.Render();

    [GeneratedRegex(@"\b(Warning|Error)\b")]
    private static partial Regex Diagnostic();
}
