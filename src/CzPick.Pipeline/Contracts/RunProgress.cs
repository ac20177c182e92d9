namespace CzPick.Pipeline.Contracts;

/// <summary>The orchestration's custom status while it runs: its phase and how many blocks are done.</summary>
/// <param name="Phase">"planning", "picking", "gathering" or "publishing".</param>
/// <param name="BlocksDone">Blocks whose reply has arrived.</param>
/// <param name="BlockCount">Blocks in the plan (0 while planning).</param>
public sealed record RunProgress(string Phase, int BlocksDone, int BlockCount);
