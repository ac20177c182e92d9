namespace CzPick.Core.Phantoms;

/// <summary>The stream numbers of a phantom's random draws, one per concern.</summary>
static class PhantomStreams
{
    /// <summary>The ice slab's geometry.</summary>
    public const ulong Slab = 1;

    /// <summary>The membranes.</summary>
    public const ulong Membranes = 2;

    /// <summary>The particle counts.</summary>
    public const ulong Counts = 3;

    /// <summary>The particles' positions and orientations.</summary>
    public const ulong Placement = 4;

    /// <summary>The noise, indexed by section.</summary>
    public const ulong Noise = 5;

    /// <summary>The orientations used to measure each model's signal power (seed-independent).</summary>
    public const ulong SignalProbes = 6;
}
