namespace CzPick.Pipeline.Contracts;

/// <summary>The output of <c>PlanRun</c>: a reference to the stored plan and the number of blocks in it.</summary>
/// <param name="Plan">The plan blob, "work/{instance}/plan.json" (a <see cref="PlanDocument"/>).</param>
/// <param name="BlockCount">The number of blocks, indexed 0 … BlockCount − 1.</param>
public sealed record RunPlan(string Plan, int BlockCount);
