using System.Globalization;
using CzPick.Pipeline.Contracts;
using Microsoft.Extensions.Configuration;

namespace CzPick.Pipeline.Configuration;

/// <summary>Every option of the pipeline, read from configuration through <see cref="SettingNames"/>.</summary>
public sealed class PipelineOptions
{
    /// <summary>The work queue transport on Azure Service Bus.</summary>
    public const string ServiceBusTransport = "ServiceBus";

    /// <summary>The work queue or events transport on an Azure Storage queue.</summary>
    public const string StorageQueueTransport = "StorageQueue";

    /// <summary>The events transport to an Event Grid topic.</summary>
    public const string EventGridTransport = "EventGrid";

    /// <summary>Gets or sets the work queue's transport, <see cref="ServiceBusTransport"/> or <see cref="StorageQueueTransport"/>.</summary>
    public string WorkQueueTransport { get; set; } = StorageQueueTransport;

    /// <summary>Gets or sets the work queue's name.</summary>
    public string WorkQueueName { get; set; } = QueueNames.PickingBlocks;

    /// <summary>Gets or sets how long a Storage-queue block stays invisible between lease renewals.</summary>
    public TimeSpan WorkQueueLease { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the events' transport, <see cref="EventGridTransport"/> or <see cref="StorageQueueTransport"/>.</summary>
    public string EventsTransport { get; set; } = StorageQueueTransport;

    /// <summary>Gets or sets the Event Grid topic endpoint.</summary>
    public Uri? EventsTopicEndpoint { get; set; }

    /// <summary>Gets or sets the events' Storage queue.</summary>
    public string EventsQueueName { get; set; } = QueueNames.PickingEvents;

    /// <summary>Gets or sets the model ensemble runs use.</summary>
    public string Ensemble { get; set; } = "sample";

    /// <summary>Gets or sets the timeouts and retries new runs start with.</summary>
    public RunSettings Runs { get; set; } = new();

    /// <summary>Gets or sets a value indicating whether a finished run also gets an HTML report.</summary>
    public bool WriteReports { get; set; } = true;

    /// <summary>Gets or sets how many blocks one worker process picks at once.</summary>
    public int WorkerConcurrency { get; set; } = 1;

    /// <summary>Gets or sets after how many deliveries a failing block is dead-lettered.</summary>
    public int WorkerMaxDeliveries { get; set; } = 5;

    /// <summary>Gets or sets where the worker keeps downloaded ensembles.</summary>
    public string ModelCache { get; set; } = Path.Combine(Path.GetTempPath(), "czpick-models");

    /// <summary>Reads the options, keeping the default of every setting that is absent.</summary>
    /// <param name="configuration">The configuration.</param>
    /// <returns>The options.</returns>
    /// <exception cref="InvalidOperationException">A setting has a value that is not allowed; the message names it.</exception>
    public static PipelineOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        PipelineOptions options = new();
        options.WorkQueueTransport = OneOf(configuration, SettingNames.WorkQueueTransport, options.WorkQueueTransport, ServiceBusTransport, StorageQueueTransport);
        options.WorkQueueName = configuration[SettingNames.WorkQueueName] ?? options.WorkQueueName;
        options.WorkQueueLease = TimeSpan.FromSeconds(Positive(configuration, SettingNames.WorkQueueLeaseSeconds, (int)options.WorkQueueLease.TotalSeconds));
        options.EventsTransport = OneOf(configuration, SettingNames.EventsTransport, options.EventsTransport, EventGridTransport, StorageQueueTransport);
        options.EventsQueueName = configuration[SettingNames.EventsQueueName] ?? options.EventsQueueName;
        string? topic = configuration[SettingNames.EventsTopicEndpoint];
        if (!string.IsNullOrEmpty(topic))
        {
            options.EventsTopicEndpoint = Uri.TryCreate(topic, UriKind.Absolute, out Uri? endpoint)
                ? endpoint
                : throw Invalid(SettingNames.EventsTopicEndpoint, topic, "an absolute https URI of an Event Grid topic");
        }
        else if (options.EventsTransport == EventGridTransport)
        {
            throw new InvalidOperationException($"Setting '{EnvironmentName(SettingNames.EventsTopicEndpoint)}' is missing: the events transport is {EventGridTransport}, which needs the topic endpoint.");
        }

        options.Ensemble = configuration[SettingNames.ModelsEnsemble] ?? options.Ensemble;
        options.Runs = options.Runs with
        {
            BlockTimeoutSeconds = Positive(configuration, SettingNames.RunsBlockTimeoutSeconds, options.Runs.BlockTimeoutSeconds),
            MaxBlockAttempts = Positive(configuration, SettingNames.RunsMaxBlockAttempts, options.Runs.MaxBlockAttempts),
            BlockCount = Positive(configuration, SettingNames.RunsBlockCount, options.Runs.BlockCount),
        };
        options.WriteReports = Boolean(configuration, SettingNames.RunsReports, options.WriteReports);
        options.WorkerConcurrency = Positive(configuration, SettingNames.WorkerConcurrency, options.WorkerConcurrency);
        options.WorkerMaxDeliveries = Positive(configuration, SettingNames.WorkerMaxDeliveries, options.WorkerMaxDeliveries);
        options.ModelCache = configuration[SettingNames.WorkerModelCache] ?? options.ModelCache;
        return options;
    }

    /// <summary>Returns the environment variable form of a setting name: <c>CzPick__Runs__MaxBlockAttempts</c>.</summary>
    /// <param name="setting">The setting, with ':' separators.</param>
    /// <returns>The name with "__" separators.</returns>
    public static string EnvironmentName(string setting) => setting.Replace(":", "__", StringComparison.Ordinal);

    static string OneOf(IConfiguration configuration, string setting, string fallback, params string[] allowed)
    {
        string? value = configuration[setting];
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return allowed.FirstOrDefault(candidate => string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(setting, value, string.Join(" or ", allowed));
    }

    static int Positive(IConfiguration configuration, string setting, int fallback)
    {
        string? value = configuration[setting];
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw Invalid(setting, value, "a positive whole number");
    }

    static bool Boolean(IConfiguration configuration, string setting, bool fallback)
    {
        string? value = configuration[setting];
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        return bool.TryParse(value, out bool flag) ? flag : throw Invalid(setting, value, "true or false");
    }

    static InvalidOperationException Invalid(string setting, string value, string expected) =>
        new($"Setting '{EnvironmentName(setting)}' is '{value}'; expected {expected}.");
}
