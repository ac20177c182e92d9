namespace CzPick.Cli.Tests.Commands;

/// <summary>`czpick model import` of a UNet that is none of the seed's, named by --channels.</summary>
public sealed class ModelImportCommandTests : IDisposable
{
    /// <summary>A Lightning checkpoint of MONAI's UNet(channels=(4,8,12), strides=(2,2), num_res_units=0): 14 tensors (torch.load), from make_fixtures.py.</summary>
    static readonly string Checkpoint = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Inference.Tests", "Fixtures", "MonaiUNet", "small_res0_strided_checkpoint.ckpt");

    readonly TempDirectory directory = new();

    public void Dispose() => this.directory.Dispose();

    [Fact]
    public async Task Import_CustomArchitecture_ReadsEveryTensor()
    {
        string onnx = this.directory.File("small.onnx");

        CliResult result = await CliProcess.RunAsync("model", "import", "--channels", "4,8,12", "--strides", "2,2", "--res-units", "0", "--weights", Checkpoint, "--out", onnx);

        Assert.Equal((0, string.Empty), (result.ExitCode, result.Error));
        Assert.StartsWith($"Read 14 tensors from {Checkpoint} (key prefix 'model.').", result.Lines[0], StringComparison.Ordinal);
        Assert.StartsWith($"Wrote {onnx}: UNet custom (channels 4,8,12; strides 2,2; 0 residual units)", result.Lines[1], StringComparison.Ordinal);
        Assert.True(File.Exists(onnx));
    }

    [Fact]
    public async Task Import_WrongResidualUnits_NamesTheMismatchExitTwo()
    {
        string onnx = this.directory.File("small.onnx");

        CliResult result = await CliProcess.RunAsync("model", "import", "--channels", "4,8,12", "--strides", "2,2", "--res-units", "1", "--weights", Checkpoint, "--out", onnx);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Checkpoint, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(onnx));
    }
}
