using System.Text.Json;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using Microsoft.Extensions.Configuration;

namespace CzPick.Functions.Tests;

/// <summary>
/// Reads the functions.metadata the Functions SDK wrote into the app's build output: the host indexes the app from
/// exactly this file, so every trigger, path, queue and connection setting is proven here without a host.
/// </summary>
public sealed class FunctionsMetadataTests
{
    static readonly string Output = Path.GetDirectoryName(typeof(BlockDoneFunction).Assembly.Location)!;

    [Fact]
    public void Metadata_Functions_ExactlyThePipelinesFunctions()
    {
        Assert.Equal(
            new[] { "BlockDone", "DispatchBlocks", "GatherPicks", "GetRun", "PickTomogram", "PlanRun", "PublishCompletion", "StartPicking" },
            Functions().Select(function => function.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public void Metadata_BlockDone_QueueTriggerOnBlockResultsWithStorageConnection()
    {
        JsonElement trigger = Trigger("BlockDone");

        Assert.Equal("queueTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(QueueNames.BlockResults, trigger.GetProperty("queueName").GetString());
        Assert.Equal(SettingNames.Storage, trigger.GetProperty("connection").GetString());
        Assert.Contains(Bindings("BlockDone"), binding => binding.GetProperty("type").GetString() == "durableClient");
    }

    [Fact]
    public void Metadata_GetRun_HttpGetOnRunsRoute()
    {
        JsonElement trigger = Trigger("GetRun");

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("runs/{run}", trigger.GetProperty("route").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(method => method.GetString()));
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
    }

    [Fact]
    public void Metadata_Orchestration_OrchestrationAndActivityTriggers()
    {
        Assert.Equal("orchestrationTrigger", Trigger(PipelineTaskNames.PickTomogram).GetProperty("type").GetString());
        foreach (string activity in new[] { PipelineTaskNames.DispatchBlocks, PipelineTaskNames.PublishCompletion })
        {
            Assert.Equal("activityTrigger", Trigger(activity).GetProperty("type").GetString());
        }
    }

    [Fact]
    public void Extensions_Written_DurableTaskAndQueuesLoaded()
    {
        using JsonDocument extensions = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "extensions.json")));
        string[] names = extensions.RootElement.GetProperty("extensions").EnumerateArray().Select(extension => extension.GetProperty("name").GetString()!).ToArray();

        Assert.Contains("DurableTask", names);
        Assert.Contains("AzureStorageQueues", names);
    }

    [Fact]
    public void HostJson_Output_TheRepositorysOwnWithTheDocumentedHub()
    {
        string built = File.ReadAllText(Path.Combine(Output, "host.json"));
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "host.json")), built);
        using JsonDocument host = JsonDocument.Parse(built);
        JsonElement extensions = host.RootElement.GetProperty("extensions");

        Assert.Equal("czpick", extensions.GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.Equal(SettingNames.AzureWebJobsStorage, extensions.GetProperty("durableTask").GetProperty("storageProvider").GetProperty("connectionName").GetString());

        // The reply queue's senders Base64-encode (AzureConnections.Queues); the trigger must decode the same way.
        Assert.Equal("base64", extensions.GetProperty("queues").GetProperty("messageEncoding").GetString());
    }

    [Fact]
    public void LocalSettingsSample_Values_EveryConnectionAndOptionTheAppReads()
    {
        using JsonDocument sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "local.settings.sample.json")));
        JsonElement values = sample.RootElement.GetProperty("Values");
        string[] expected =
        [
            "FUNCTIONS_WORKER_RUNTIME", SettingNames.AzureWebJobsStorage, SettingNames.Storage, SettingNames.ServiceBus,
            .. new[]
            {
                SettingNames.WorkQueueTransport, SettingNames.WorkQueueName, SettingNames.WorkQueueLeaseSeconds, SettingNames.EventsTransport,
                SettingNames.EventsQueueName, SettingNames.ModelsEnsemble, SettingNames.RunsBlockTimeoutSeconds, SettingNames.RunsMaxBlockAttempts,
            }.Select(PipelineOptions.EnvironmentName),
        ];

        Assert.Equal(expected.Order(), values.EnumerateObject().Select(value => value.Name).Order());
        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());

        // The sample's values must be valid options.
        PipelineOptions.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(values.EnumerateObject().Select(value => new KeyValuePair<string, string?>(value.Name.Replace("__", ":", StringComparison.Ordinal), value.Value.GetString())))
            .Build());
    }

    static JsonElement[] Functions()
    {
        using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(Output, "functions.metadata")));
        return metadata.RootElement.EnumerateArray().Select(function => function.Clone()).ToArray();
    }

    static JsonElement[] Bindings(string function) =>
        Functions().Single(candidate => candidate.GetProperty("name").GetString() == function).GetProperty("bindings").EnumerateArray().ToArray();

    static JsonElement Trigger(string function) =>
        Bindings(function).Single(binding => binding.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

}
