using CzPick.Pipeline.Configuration;
using Microsoft.Extensions.Configuration;

namespace CzPick.Pipeline.Tests.Configuration;

public sealed class PipelineOptionsTests
{
    [Fact]
    public void FromConfiguration_Empty_DocumentedDefaults()
    {
        PipelineOptions options = PipelineOptions.FromConfiguration(Build());

        Assert.Equal("StorageQueue", options.WorkQueueTransport);
        Assert.Equal("picking-blocks", options.WorkQueueName);
        Assert.Equal("StorageQueue", options.EventsTransport);
        Assert.Equal("picking-events", options.EventsQueueName);
        Assert.Equal("sample", options.Ensemble);
        Assert.Equal(TimeSpan.FromSeconds(60), options.WorkQueueLease);
        Assert.Equal(600, options.Runs.BlockTimeoutSeconds);
        Assert.Equal(3, options.Runs.MaxBlockAttempts);
        Assert.Equal(1, options.WorkerConcurrency);
        Assert.Equal(5, options.WorkerMaxDeliveries);
    }

    [Fact]
    public void FromConfiguration_EnvironmentStyleNames_Read()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // Environment variables arrive with "__" turned into ':' by the configuration provider.
            ["CzPick:WorkQueue:Transport"] = "servicebus",
            ["CzPick:WorkQueue:Name"] = "blocks",
            ["CzPick:Events:Transport"] = "EventGrid",
            ["CzPick:Events:TopicEndpoint"] = "https://czpick.westeurope-1.eventgrid.azure.net/api/events",
            ["CzPick:Runs:BlockTimeoutSeconds"] = "30",
            ["CzPick:Worker:Concurrency"] = "4",
        }).Build();

        PipelineOptions options = PipelineOptions.FromConfiguration(configuration);

        Assert.Equal("ServiceBus", options.WorkQueueTransport);
        Assert.Equal("blocks", options.WorkQueueName);
        Assert.Equal("EventGrid", options.EventsTransport);
        Assert.Equal("czpick.westeurope-1.eventgrid.azure.net", options.EventsTopicEndpoint!.Host);
        Assert.Equal(30, options.Runs.BlockTimeoutSeconds);
        Assert.Equal(4, options.WorkerConcurrency);
    }

    [Theory]
    [InlineData("CzPick:WorkQueue:Transport", "Kafka", "Setting 'CzPick__WorkQueue__Transport' is 'Kafka'; expected ServiceBus or StorageQueue.")]
    [InlineData("CzPick:Worker:Concurrency", "0", "Setting 'CzPick__Worker__Concurrency' is '0'; expected a positive whole number.")]
    [InlineData("CzPick:Runs:MaxBlockAttempts", "three", "Setting 'CzPick__Runs__MaxBlockAttempts' is 'three'; expected a positive whole number.")]
    [InlineData("CzPick:Events:Transport", "EventGrid", "Setting 'CzPick__Events__TopicEndpoint' is missing: the events transport is EventGrid, which needs the topic endpoint.")]
    public void FromConfiguration_BadValue_ErrorNamesSettingAndExpectation(string key, string value, string message)
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => PipelineOptions.FromConfiguration(Build((key, value))));

        Assert.Equal(message, error.Message);
    }

    static IConfiguration Build(params (string Key, string Value)[] settings) => new ConfigurationBuilder()
        .AddInMemoryCollection(settings.Select(setting => new KeyValuePair<string, string?>(setting.Key, setting.Value)))
        .Build();
}
