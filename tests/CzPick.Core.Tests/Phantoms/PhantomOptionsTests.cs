using CzPick.Core.Geometry;
using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class PhantomOptionsTests
{
    [Fact]
    public void Defaults_CziiTomogram()
    {
        PhantomOptions options = new();

        Assert.Equal(new Shape3(184, 630, 630), options.Shape);
        Assert.Equal(10.012, options.VoxelSpacingAngstrom);
        Assert.True(options.DarkParticles);
        options.Validate();
    }

    public static TheoryData<PhantomOptions, string> BadOptions => new()
    {
        { new PhantomOptions { Shape = new Shape3(0, 10, 10) }, "shape must be positive" },
        { new PhantomOptions { Shape = new Shape3(2000, 2000, 2000) }, "fit in memory" },
        { new PhantomOptions { VoxelSpacingAngstrom = 0 }, "voxel size must be a positive number" },
        { new PhantomOptions { VoxelSpacingAngstrom = double.NaN }, "voxel size must be a positive number" },
        { new PhantomOptions { SignalToNoiseRatio = 0 }, "signal-to-noise ratio must be positive" },
        { new PhantomOptions { SignalToNoiseRatio = double.NaN }, "signal-to-noise ratio must be positive" },
        { new PhantomOptions { Crowding = -1 }, "crowding must be a number ≥ 0" },
        { new PhantomOptions { BlurSigmaZAngstrom = double.PositiveInfinity }, "z blur must be a number ≥ 0" },
        { new PhantomOptions { NoiseSigmaXyAngstrom = 12 }, "must not exceed the blur" },
        { new PhantomOptions { MaxMembranes = -1 }, "most membranes per run must be ≥ 0, not -1" },
        { new PhantomOptions { LabelRadiusFraction = 0 }, "label radius fraction must be in (0, 1]" },
        { new PhantomOptions { LabelRadiusFraction = 1.5 }, "label radius fraction must be in (0, 1]" },
        { new PhantomOptions { Counts = new Dictionary<string, int> { ["proteasome"] = 1 } }, "Unknown particle 'proteasome'" },
        { new PhantomOptions { Counts = new Dictionary<string, int> { ["ribosome"] = -2 } }, "count of 'ribosome' must not be negative" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Validate_BadOption_NamesIt(PhantomOptions options, string expected)
    {
        ArgumentException error = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
