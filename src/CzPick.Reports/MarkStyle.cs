namespace CzPick.Reports;

/// <summary>How a pick or reference is drawn on a slice, in its particle's colour.</summary>
public enum MarkStyle
{
    /// <summary>A solid circle: a pick, or with a truth overlay a true positive.</summary>
    Solid,

    /// <summary>A dashed circle: a false positive (no reference within the match distance, or one already hit).</summary>
    Dashed,

    /// <summary>A cross: a reference particle no pick matched (a miss).</summary>
    Cross,
}
