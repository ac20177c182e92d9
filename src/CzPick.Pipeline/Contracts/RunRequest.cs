namespace CzPick.Pipeline.Contracts;

/// <summary>The input of the <c>PickTomogram</c> orchestration: one uploaded tomogram to pick.</summary>
/// <param name="Run">The run name, the tomogram blob's name without extension, e.g. "TS_5_4".</param>
/// <param name="Tomogram">The tomogram blob, "tomograms/{name}".</param>
/// <param name="ETag">The blob's ETag when the run started; every read is pinned to it.</param>
/// <param name="Ensemble">The model ensemble's folder under the models container.</param>
/// <param name="Settings">Timeouts and retries of this run.</param>
public sealed record RunRequest(string Run, string Tomogram, string ETag, string Ensemble, RunSettings Settings);
