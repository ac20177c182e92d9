namespace CzPick.Core.Blocks;

/// <summary>The stage a volume pick is in.</summary>
public enum VolumePickStage
{
    /// <summary>The streaming pass that computes the z-score statistics.</summary>
    Statistics,

    /// <summary>Picking the blocks.</summary>
    Blocks,
}

/// <summary>How far a volume pick has come.</summary>
/// <param name="Stage">The current stage.</param>
/// <param name="Fraction">The fraction of the stage done, 0–1.</param>
/// <param name="BlocksDone">The blocks finished.</param>
/// <param name="BlockCount">The blocks planned (0 before planning).</param>
public readonly record struct VolumePickProgress(VolumePickStage Stage, double Fraction, int BlocksDone, int BlockCount);
