using System.Numerics;

namespace CzPick.Core.Volumes.Mrc;

/// <summary>How <see cref="MrcWriter"/> stores a volume.</summary>
public sealed class MrcWriteOptions
{
    /// <summary>The label CzPick writes when none is given.</summary>
    public const string DefaultLabel = "Created by CzPick";

    /// <summary>Gets or sets the mode to store voxels in: float32 by default; int8, int16, uint16 (rounded) and float16 too.</summary>
    public MrcMode Mode { get; set; } = MrcMode.Float32;

    /// <summary>Gets or sets a value indicating whether an existing file may be replaced; refused by default.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Gets or sets the header labels: at most ten, each at most 80 printable ASCII characters.</summary>
    public IReadOnlyList<string> Labels { get; set; } = [DefaultLabel];

    /// <summary>Gets or sets the origin in Å along (x, y, z).</summary>
    public Vector3 Origin { get; set; }
}
