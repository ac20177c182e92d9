namespace CzPick.Cli.Tests.Commands;

/// <summary>--arch and --channels/--strides/--res-units, through `czpick model build` as a process.</summary>
public sealed class UNetArchitectureOptionsTests : IDisposable
{
    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public async Task Resolve_ChannelsOnly_SeedStridesAndOneResidualUnit()
    {
        string onnx = this.directory.File("custom.onnx");

        CliResult result = await CliProcess.RunAsync("model", "build", "--channels", "16,32,64,64", "--out", onnx);

        // 377,026: the parameter count PyTorch gives MONAI's UNet(channels=(16,32,64,64), strides=(2,2,1), num_res_units=1).
        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));
        Assert.Contains("UNet custom (channels 16,32,64,64; strides 2,2,1; 1 residual units), 377,026 parameters", result.Output, StringComparison.Ordinal);
        Assert.True(new FileInfo(onnx).Length > 4 * 377_026);
    }

    [Fact]
    public async Task Resolve_ChannelsStridesResidualUnits_AsGiven()
    {
        CliResult result = await CliProcess.RunAsync("model", "build", "--channels", "4,8,12", "--strides", "2,2", "--res-units", "0", "--out", this.directory.File("small.onnx"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("UNet custom (channels 4,8,12; strides 2,2; 0 residual units)", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Name the UNet: --arch tiny|medium|big, or --channels")]
    [InlineData("give either --arch or --channels", "--arch", "tiny", "--channels", "16,32")]
    [InlineData("--channels '16,,32' is not a comma-separated list of positive whole numbers", "--channels", "16,,32")]
    [InlineData("--channels '16,0' is not a comma-separated list of positive whole numbers", "--channels", "16,0")]
    [InlineData("--channels 16: A UNet needs at least two positive channel counts, not (16).", "--channels", "16")]
    [InlineData("--channels 8,16,32 --strides 2: A UNet with 3 levels needs 2 positive strides, not (2).", "--channels", "8,16,32", "--strides", "2")]
    [InlineData("--strides and --res-units describe a UNet together with --channels", "--res-units", "2")]
    [InlineData("--res-units must be 0 or more, not -1.", "--channels", "8,16", "--res-units", "-1")]
    public async Task Resolve_BadCombination_OneLineErrorExitTwo(string message, params string[] options)
    {
        string onnx = this.directory.File("bad.onnx");

        CliResult result = await CliProcess.RunAsync(["model", "build", "--out", onnx, .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(onnx));
    }
}
