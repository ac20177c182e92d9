using System.Collections.Concurrent;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Orchestration;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace CzPick.Pipeline.Tests.Orchestration;

/// <summary>
/// The real <see cref="PickTomogram"/> orchestration on the real in-memory Durable Task engine, with its activities
/// replaced by scripted ones registered under the same names and contracts: the dispatch activity plays the
/// workers, raising one <c>BlockDone</c> event per block unless the script says otherwise. The real activities
/// are tested on Azurite on their own, and everything together end to end.
/// </summary>
sealed class ScriptedPipeline : IAsyncDisposable
{
    readonly ConcurrentQueue<DispatchRequest> dispatches = new();
    readonly ConcurrentQueue<RunCompletion> completions = new();
    readonly ConcurrentQueue<GatherRequest> gathers = new();
    DurableTaskTestHost? host;
    int planCalls;

    public ScriptedPipeline(int blockCount)
    {
        this.BlockCount = blockCount;
    }

    public int BlockCount { get; }

    /// <summary>Gets or sets the replies a worker sends for one send of a block; by default one success.</summary>
    public Func<int, int, IEnumerable<BlockReply>> Replies { get; set; } = (block, attempt) => [Success(block)];

    /// <summary>Gets or sets what PlanRun throws on its n-th call (1-based); null plans normally.</summary>
    public Func<int, Exception?> PlanFailure { get; set; } = call => null;

    /// <summary>Gets or sets a value indicating whether dispatch only records the sends, replying nothing.</summary>
    public bool ReplyFromOutside { get; set; }

    public DurableTaskClient Client => this.host?.Client ?? throw new InvalidOperationException("Start the pipeline first.");

    public IReadOnlyCollection<DispatchRequest> Dispatches => this.dispatches;

    public IReadOnlyCollection<RunCompletion> Completions => this.completions;

    public IReadOnlyCollection<GatherRequest> Gathers => this.gathers;

    public int PlanCalls => this.planCalls;

    public static RunRequest Request(RunSettings? settings = null) =>
        new("TS_5_4", "tomograms/TS_5_4.mrc", "\"0x8DC\"", "sample", settings ?? new RunSettings(FirstRetrySeconds: 0.1));

    public static BlockReply Success(int block) => new("ignored", block, PickCount: block % 3, InferenceSeconds: block + 1);

    public static double SumOfInferenceSeconds(int blockCount) => Enumerable.Range(0, blockCount).Sum(block => block + 1.0);

    public async Task StartAsync()
    {
        this.host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestrator<PickTomogram>();
            registry.AddActivityFunc<PlanRequest, RunPlan>(PipelineTaskNames.PlanRun, (context, request) => this.Plan(request));
            registry.AddActivityFunc<DispatchRequest, int>(PipelineTaskNames.DispatchBlocks, (context, request) => this.DispatchAsync(request));
            registry.AddActivityFunc<GatherRequest, RunOutputs>(PipelineTaskNames.GatherPicks, (context, request) => this.Gather(request));
            registry.AddActivityFunc<RunCompletion>(PipelineTaskNames.PublishCompletion, (context, completion) => this.completions.Enqueue(completion));
        });
    }

    public async Task<OrchestrationMetadata> RunAsync(RunRequest request, string instance = "TS_5_4-test")
    {
        await this.Client.ScheduleNewOrchestrationInstanceAsync(PipelineTaskNames.PickTomogram, request, new StartOrchestrationOptions(instance));
        return await this.WaitAsync(instance);
    }

    public async Task<OrchestrationMetadata> WaitAsync(string instance)
    {
        using CancellationTokenSource cancel = new(TimeSpan.FromMinutes(2));
        return await this.Client.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: true, cancel.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (this.host is not null)
        {
            await this.host.DisposeAsync();
        }
    }

    RunPlan Plan(PlanRequest request)
    {
        Exception? failure = this.PlanFailure(Interlocked.Increment(ref this.planCalls));
        if (failure is not null)
        {
            throw failure;
        }

        return new RunPlan(BlobLayout.Plan(request.Instance).ToString(), this.BlockCount);
    }

    async Task<int> DispatchAsync(DispatchRequest request)
    {
        this.dispatches.Enqueue(request);
        if (!this.ReplyFromOutside)
        {
            foreach (int block in request.Blocks)
            {
                foreach (BlockReply reply in this.Replies(block, request.Attempt))
                {
                    await this.Client.RaiseEventAsync(request.Instance, PipelineTaskNames.BlockDoneEvent, reply with { Instance = request.Instance });
                }
            }
        }

        return request.Blocks.Count;
    }

    RunOutputs Gather(GatherRequest request)
    {
        this.gathers.Enqueue(request);
        return new RunOutputs([$"picks/ExperimentRuns/{request.Run}/Picks/czpick_0_ribosome.json"], BlobLayout.Csv(request.Run).ToString(), BlobLayout.Summary(request.Run).ToString(), 7);
    }
}
