using CzPick.Core.Geometry;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Reports.Tests;

/// <summary>A small run with one particle of each kind, picks that hit, miss and duplicate, and its truth.</summary>
static class TestRuns
{
    public const double VoxelSize = 10;

    public static readonly Shape3 Shape = new(48, 96, 96);

    /// <summary>Gets options that keep test reports small and quick: three sections, images at one pixel per voxel.</summary>
    public static ReportOptions Light { get; } = new() { SliceCount = 3, MinimumImagePixels = 96 };

    /// <summary>Gets the reference particles, in Å.</summary>
    public static Pick[] Truth { get; } =
    [
        new("apo-ferritin", 200, 200, 240, 1),
        new("beta-amylase", 700, 200, 240, 1),
        new("beta-galactosidase", 200, 700, 240, 1),
        new("ribosome", 700, 700, 240, 1),
        new("thyroglobulin", 450, 450, 150, 1),
        new("virus-like-particle", 450, 450, 330, 1),
        new("apo-ferritin", 800, 450, 120, 1),
    ];

    /// <summary>
    /// Gets the picks: five hit their reference (one apo-ferritin twice), a thyroglobulin misses by 100 Å, a stray
    /// ribosome hits nothing, and the second apo-ferritin is not picked.
    /// </summary>
    public static Pick[] Picks { get; } =
    [
        new("apo-ferritin", 205, 198, 240, 0.91f),
        new("apo-ferritin", 195, 204, 236, 0.40f),
        new("beta-amylase", 700, 210, 245, 0.55f),
        new("beta-galactosidase", 210, 690, 240, 0.83f),
        new("ribosome", 700, 700, 250, 0.97f),
        new("ribosome", 250, 450, 400, 0.21f),
        new("thyroglobulin", 550, 450, 150, 0.66f),
        new("virus-like-particle", 450, 445, 330, 0.88f),
    ];

    public static DenseVolume Volume(string run = "TS_5_4") => TestVolumes.Tomogram(run, Shape, VoxelSize, Truth);
}
