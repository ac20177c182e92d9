using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Runs;

/// <summary>What <c>GET /api/runs/{run}</c> answers: the newest run of that name, its state and where its results are.</summary>
/// <param name="Run">The run name.</param>
/// <param name="Instance">The orchestration instance id.</param>
/// <param name="Status">The orchestration's runtime status: Pending, Running, Completed, Failed, Terminated, …</param>
/// <param name="Progress">The phase and blocks done, while it runs.</param>
/// <param name="CreatedAt">When the run was scheduled.</param>
/// <param name="LastUpdatedAt">When it last changed.</param>
/// <param name="Result">The picks' locations and the run's timings, once it completed.</param>
/// <param name="Error">Why it failed, once it failed.</param>
/// <param name="ErrorRecord">The failure record blob, once it failed.</param>
public sealed record RunStatus(
    string Run,
    string Instance,
    string Status,
    RunProgress? Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    RunResult? Result,
    string? Error,
    string? ErrorRecord);
