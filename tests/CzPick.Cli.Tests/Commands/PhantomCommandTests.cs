using CzPick.Cli.Commands;
using CzPick.Core.Copick;
using CzPick.Core.Geometry;
using CzPick.Core.Phantoms;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Cli.Tests.Commands;

public sealed class PhantomCommandTests : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public async Task Phantom_TwoRunsWithLabels_WritesWhatTheGeneratorMakes()
    {
        CliResult result = await CliProcess.RunAsync(
            "phantom", "--out", this.directory.Path, "--runs", "2", "--seed", "5", "--shape", "48,96,96", "--crowding", "30", "--labels");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(string.Empty, result.Error);
        IReadOnlyDictionary<string, IReadOnlyList<Pick>> truth = new CopickOverlay(this.directory.File("truth")).ReadPicksByRun(PhantomCommand.TruthUser, PhantomCommand.TruthSession);
        Assert.Equal(["TS_phantom_5", "TS_phantom_6"], truth.Keys.Order(StringComparer.Ordinal));

        // The CLI's files hold exactly what the generator makes in process from the same seed and options.
        PhantomOptions options = new() { Shape = new Shape3(48, 96, 96), Crowding = 30, IncludeLabels = true };
        foreach (long seed in new long[] { 5, 6 })
        {
            string run = PhantomCommand.RunName(seed);
            Phantom expected = PhantomGenerator.Generate(options, seed, run);
            Assert.Contains($"{run}: {expected.Truth.Count} particles", result.Output, StringComparison.Ordinal);

            float[] voxels = await ReadAllAsync(this.directory.File(run + ".mrc"), expected.Volume.Info.VoxelSize);
            Assert.Equal(expected.Volume.Voxels, voxels);

            float[] labels = await ReadAllAsync(this.directory.File("labels", run + ".mrc"), expected.Volume.Info.VoxelSize);
            Assert.Equal(expected.Labels!.Select(l => (float)l), labels);

            IReadOnlyList<Pick> picks = truth[run];
            Assert.Equal(expected.Truth.Count, picks.Count);
            foreach (Pick pick in expected.Truth)
            {
                Assert.Contains(picks, p => p.Particle == pick.Particle && Math.Abs(p.XAngstrom - pick.XAngstrom) < 1e-6 &&
                    Math.Abs(p.YAngstrom - pick.YAngstrom) < 1e-6 && Math.Abs(p.ZAngstrom - pick.ZAngstrom) < 1e-6);
            }
        }
    }

    [Fact]
    public async Task Phantom_FileExists_RefusedUnlessOverwrite()
    {
        string[] arguments = ["phantom", "--out", this.directory.Path, "--shape", "40,64,64", "--crowding", "0"];
        Assert.Equal(0, (await CliProcess.RunAsync(arguments)).ExitCode);

        CliResult again = await CliProcess.RunAsync(arguments);
        CliResult replaced = await CliProcess.RunAsync([.. arguments, "--overwrite"]);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("TS_phantom_1.mrc already exists; pass --overwrite to replace it.", again.Error, StringComparison.Ordinal);
        Assert.Equal(0, replaced.ExitCode);
    }

    [Theory]
    [InlineData("--shape", "40,64", "--shape must be three positive integers Z,Y,X")]
    [InlineData("--snr", "-1", "--snr must be a positive number or 'inf'")]
    [InlineData("--runs", "0", "--runs must be at least 1, not 0.")]
    [InlineData("--seed", "-3", "--seed must be between 0 and")]
    [InlineData("--label-fraction", "2", "--label-fraction: The label radius fraction must be in (0, 1], not 2.")]
    [InlineData("--crowding", "-1", "--crowding: The crowding must be a number ≥ 0, not -1.")]
    [InlineData("--membranes", "-1", "--membranes: The most membranes per run must be ≥ 0, not -1.")]
    public async Task Phantom_BadOption_ExitTwoWithOneLine(string option, string value, string expected)
    {
        CliResult result = await CliProcess.RunAsync("phantom", "--out", this.directory.Path, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Trim().Split('\n'));
        Assert.Empty(Directory.GetFiles(this.directory.Path, "*.mrc"));
    }

    [Fact]
    public async Task Phantom_InfiniteSnr_NoNoiseInTheVolume()
    {
        CliResult result = await CliProcess.RunAsync("phantom", "--out", this.directory.Path, "--shape", "40,64,64", "--snr", "inf", "--crowding", "0", "--membranes", "0", "--no-ice");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("noise σ 0.000", result.Output, StringComparison.Ordinal);
        float[] voxels = await ReadAllAsync(this.directory.File("TS_phantom_1.mrc"), VoxelSizeAngstrom.Isotropic(10.012));
        Assert.All(voxels, v => Assert.Equal(0f, v));
    }

    static async Task<float[]> ReadAllAsync(string path, VoxelSizeAngstrom voxelSize)
    {
        using MrcReader reader = MrcFile.Open(path);
        Assert.Equal(voxelSize.X, reader.Info.VoxelSize.X, 1e-4);
        float[] voxels = new float[reader.Info.Shape.VoxelCount];
        await reader.ReadAsync(Box3.Whole(reader.Info.Shape), voxels);
        return voxels;
    }
}
