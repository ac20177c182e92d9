using System.Globalization;
using System.Text.RegularExpressions;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.Torch;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.UNet;

public sealed partial class UNetArchitectureTests
{
    [Theory]
    [InlineData("tiny", 1_489_474)]
    [InlineData("medium", 4_536_742)]
    [InlineData("big", 11_752_774)]
    public void ParameterCount_SeedArchitecture_MatchesModelCard(string name, long expected)
    {
        Assert.Equal(expected, UNetArchitecture.FromName(name).ParameterCount);
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("medium")]
    [InlineData("big")]
    public void Parameters_SeedArchitecture_MatchReferenceCountsAndKeys(string name)
    {
        string reference = File.ReadAllText(Path.Combine(TestPaths.SharedRoot, "reference", "monai-unet-keys-and-shapes.txt"));
        Match header = new Regex($@"==== {name}: params=(\d+)\s+n_keys=(\d+)").Match(reference);
        Assert.True(header.Success);
        UNetArchitecture architecture = UNetArchitecture.FromName(name);

        Assert.Equal(long.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture), architecture.ParameterCount);
        Assert.Equal(int.Parse(header.Groups[2].Value, CultureInfo.InvariantCulture), architecture.Parameters.Count);

        // The shared reference lists tiny's and big's keys; medium's come from the fixture script's MONAI replica,
        // which is proven on tiny and big (and on MONAI's tiny logits) before it writes them.
        string section = reference[(header.Index + header.Length)..].Split("====")[0];
        List<string> expected = ParseKeyLines(section);
        if (expected.Count == 0)
        {
            expected = ParseKeyLines(File.ReadAllText(Fixtures.Small($"{name}-keys-and-shapes.txt")));
        }

        Assert.Equal(expected, architecture.Parameters.Select(p => $"{p.Key} {TorchTensor.FormatShape(p.Shape)}"));
    }

    [Fact]
    public void SpatialMultiple_SeedStrides_IsFour()
    {
        Assert.All(UNetArchitecture.Seed, architecture => Assert.Equal(4, architecture.SpatialMultiple));
    }

    [Fact]
    public void ConvolutionFlops_TwoLevelNet_HandCounted()
    {
        // channels (2, 4), stride 2, one residual unit, 1 → 3 channels, on 8³ = 512 voxels:
        //   down unit 1→2 stride 2 (64 out voxels): 2·1·2·27·64 = 6912, its strided residual the same: 6912
        //   bottom unit 2→4 (64 voxels): 2·2·4·27·64 = 27648, 1×1×1 residual: 2·2·4·1·64 = 1024
        //   transposed 6→3 stride 2 on 64 input voxels: 2·6·3·27·64 = 62208
        //   top unit 3→3 conv-only (512 voxels): 2·3·3·27·512 = 248832
        UNetArchitecture architecture = new("two", [2, 4], [2], 1, outputChannels: 3);

        Assert.Equal(6912 + 6912 + 27648 + 1024 + 62208 + 248832, architecture.ConvolutionFlops(8, 8, 8));
    }

    [Fact]
    public void ConvolutionFlops_SeedNetworks_EqualPyTorchHookCount()
    {
        // Fixtures/MonaiUNet/count_flops.py: forward hooks on the MONAI replica's Conv3d/ConvTranspose3d at 16³.
        string[] lines = File.ReadAllLines(Fixtures.Small("seed-flops-16.txt"));

        Assert.Equal(UNetArchitecture.Seed.Select(a => a.Name), lines.Select(line => line.Split(' ')[0]));
        foreach (string line in lines)
        {
            string[] fields = line.Split(' ');
            UNetArchitecture architecture = UNetArchitecture.FromName(fields[0]);

            Assert.Equal(double.Parse(fields[1], CultureInfo.InvariantCulture), architecture.ConvolutionFlops(16, 16, 16));
        }
    }

    [Fact]
    public void ConvolutionFlops_NotMultipleOfStrides_Throws()
    {
        Assert.Throws<ArgumentException>(() => UNetArchitecture.Tiny.ConvolutionFlops(128, 128, 130));
    }

    [Fact]
    public void FromName_Unknown_ThrowsListingNames()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => UNetArchitecture.FromName("huge"));
        Assert.Contains("'huge'", error.Message, StringComparison.Ordinal);
        Assert.Contains("tiny, medium, big", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromName_OtherCase_Finds()
    {
        Assert.Same(UNetArchitecture.Big, UNetArchitecture.FromName("BIG"));
    }

    [Fact]
    public void Ctor_StridesNotOneFewerThanChannels_Throws()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() => new UNetArchitecture("bad", [4, 8, 16], [2], 1));
        Assert.Contains("needs 2 positive strides", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_EvenKernel_Throws()
    {
        Assert.Throws<ArgumentException>(() => new UNetArchitecture("bad", [4, 8], [2], 1, kernelSize: 4));
    }

    [Fact]
    public void Parameters_NoResidualUnits_ConvolutionsWithoutResidualAndConvOnlyTop()
    {
        // MONAI with num_res_units 0: plain Convolution down and up layers; only the top up layer is conv-only.
        UNetArchitecture architecture = new("plain", [4, 8], [2], 0, outputChannels: 3);

        Assert.Equal(
            [
                "model.0.conv.weight (4, 1, 3, 3, 3)",
                "model.0.conv.bias (4,)",
                "model.0.adn.A.weight (1,)",
                "model.1.submodule.conv.weight (8, 4, 3, 3, 3)",
                "model.1.submodule.conv.bias (8,)",
                "model.1.submodule.adn.A.weight (1,)",
                "model.2.conv.weight (12, 3, 3, 3, 3)",
                "model.2.conv.bias (3,)",
            ],
            architecture.Parameters.Select(p => $"{p.Key} {TorchTensor.FormatShape(p.Shape)}"));
    }

    static List<string> ParseKeyLines(string text) =>
        [.. KeyLine().Matches(text).Select(m => $"{m.Groups[1].Value} ({m.Groups[2].Value})")];

    [GeneratedRegex(@"^\s+(model\.\S+) \(([^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex KeyLine();
}
