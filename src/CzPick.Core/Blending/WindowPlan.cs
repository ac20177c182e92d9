using CzPick.Core.Geometry;

namespace CzPick.Core.Blending;

/// <summary>
/// Where the sliding windows go over one input: MONAI's padded image, its padding, and the window origins in
/// MONAI's order (z outermost, x innermost).
/// </summary>
/// <param name="Input">The input's extent before padding.</param>
/// <param name="Window">The window's extent.</param>
/// <param name="Padded">The padded extent: the input, grown to the window where it is smaller.</param>
/// <param name="PadBefore">The padding before the input on each axis (MONAI pads diff // 2 before, the rest after).</param>
/// <param name="Starts">The window origins, in padded coordinates.</param>
public sealed record WindowPlan(Shape3 Input, Shape3 Window, Shape3 Padded, Index3 PadBefore, IReadOnlyList<Index3> Starts);
