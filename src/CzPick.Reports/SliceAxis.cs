namespace CzPick.Reports;

/// <summary>The axis a slice is normal to, which names the plane it shows.</summary>
public enum SliceAxis
{
    /// <summary>A section at one z: the xy plane, rows y, columns x.</summary>
    Z,

    /// <summary>A slice at one y: the xz plane, rows z, columns x.</summary>
    Y,

    /// <summary>A slice at one x: the yz plane, rows z, columns y.</summary>
    X,
}
