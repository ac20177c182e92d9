using CzPick.Inference.Tests.Support;
using CzPick.Inference.Torch;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.UNet;

public sealed class UNetOnnxTests
{
    /// <summary>The small fixtures' architectures (see Fixtures/MonaiUNet/make_fixtures.py).</summary>
    static readonly UNetArchitecture SmallResidual2 = new("small-res2", [4, 8, 16, 24], [2, 2, 1], 2);
    static readonly UNetArchitecture SmallResidual0 = new("small-res0", [4, 8, 12], [2, 2], 0);

    [Fact]
    public void ToBytes_ImportedMonaiTiny_ReproducesPyTorchLogits()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.MonaiTiny("tiny_lightning_state_dict.pth"));
        UNetWeights weights = UNetStateDict.Select(stateDict, UNetArchitecture.Tiny, useEma: false, "tiny fixture").Weights;

        AssertLogits(UNetOnnx.ToBytes(weights, "tiny"), Fixtures.MonaiTiny("input.npy"), Fixtures.MonaiTiny("tiny_logits.npy"));
    }

    [Theory]
    [InlineData(false, "small_res2_logits.npy")]
    [InlineData(true, "small_res2_ema_logits.npy")]
    public void ToBytes_LightningCheckpointWithEma_ReproducesPyTorchLogits(bool useEma, string logits)
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res2_lightning_ema.pth"));
        UNetWeights weights = UNetStateDict.Select(stateDict, SmallResidual2, useEma, "fixture").Weights;

        AssertLogits(UNetOnnx.ToBytes(weights, "small"), Fixtures.Small("small_input.npy"), Fixtures.Small(logits));
    }

    [Fact]
    public void ToBytes_Float16PlainKeys_ReproducesPyTorchLogits()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res2_half.pth"));
        Assert.All(stateDict.Entries, entry => Assert.Equal(TorchDataType.Float16, entry.Value.DataType));
        UNetWeights weights = UNetStateDict.Select(stateDict, SmallResidual2, useEma: false, "fixture").Weights;

        AssertLogits(UNetOnnx.ToBytes(weights, "small"), Fixtures.Small("small_input.npy"), Fixtures.Small("small_res2_half_logits.npy"));
    }

    [Fact]
    public void ToBytes_StridedViewsInLightningCheckpointNoResidualUnits_ReproducesPyTorchLogits()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res0_strided_checkpoint.ckpt"));
        UNetWeights weights = UNetStateDict.Select(stateDict, SmallResidual0, useEma: false, "fixture").Weights;

        AssertLogits(UNetOnnx.ToBytes(weights, "small"), Fixtures.Small("small_input.npy"), Fixtures.Small("small_res0_logits.npy"));
    }

    [Fact]
    public void ToBytes_PReluInsteadOfLeakyRelu_SameLogits()
    {
        // The fixture's slopes include −1.3, −0.5 and 2.2: LeakyRelu(alpha) equals PReLU for every sign and size.
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res2_lightning_ema.pth"));
        UNetWeights weights = UNetStateDict.Select(stateDict, SmallResidual2, useEma: false, "fixture").Weights;
        (float[] input, long[] shape) = NpyFile.ReadSingles(Fixtures.Small("small_input.npy"));

        float[] leaky = OnnxRunner.Run(UNetOnnx.ToBytes(weights, "leaky"), input, shape).Values;
        float[] prelu = OnnxRunner.Run(UNetOnnx.ToBytes(weights, "prelu", new UNetOnnxOptions { PReluAsLeakyRelu = false }), input, shape).Values;

        Assert.Equal(0f, Fixtures.MaxAbsDifference(leaky, prelu));
        AssertLogits(UNetOnnx.ToBytes(weights, "prelu", new UNetOnnxOptions { PReluAsLeakyRelu = false }), Fixtures.Small("small_input.npy"), Fixtures.Small("small_res2_logits.npy"));
    }

    [Theory]
    [InlineData(1, 4, 4, 4)]
    [InlineData(2, 8, 12, 16)]
    [InlineData(1, 20, 8, 12)]
    public void ToBytes_RandomTiny_OutputsSevenChannelsAtInputSize(int batch, int depth, int height, int width)
    {
        UNetWeights weights = UNetWeights.CreateRandom(UNetArchitecture.Tiny, seed: 7);
        long[] shape = [batch, 1, depth, height, width];
        float[] input = new float[batch * depth * height * width];
        Random random = new(1);
        for (int index = 0; index < input.Length; index++)
        {
            input[index] = (float)((random.NextDouble() * 2) - 1);
        }

        (float[] logits, long[] outputShape) = OnnxRunner.Run(UNetOnnx.ToBytes(weights, "random tiny"), input, shape);

        Assert.Equal([batch, 7, depth, height, width], outputShape);
        Assert.All(logits, value => Assert.True(float.IsFinite(value) && MathF.Abs(value) < 100, $"logit {value}"));
    }

    [Fact]
    public void Save_RandomMedium_WritesLoadableModel()
    {
        using TempDirectory directory = new();
        string path = directory.File("medium.onnx");
        UNetOnnx.Save(path, UNetWeights.CreateRandom(UNetArchitecture.Medium, seed: 1), "random medium");

        (float[] _, long[] shape) = OnnxRunner.Run(File.ReadAllBytes(path), new float[8 * 8 * 8], [1, 1, 8, 8, 8]);

        Assert.Equal([1, 7, 8, 8, 8], shape);
        Assert.True(new FileInfo(path).Length > UNetArchitecture.Medium.ParameterCount * 4);
    }

    static void AssertLogits(byte[] model, string inputPath, string logitsPath)
    {
        (float[] input, long[] inputShape) = NpyFile.ReadSingles(inputPath);
        (float[] expected, long[] expectedShape) = NpyFile.ReadSingles(logitsPath);

        (float[] actual, long[] actualShape) = OnnxRunner.Run(model, input, inputShape);

        Assert.Equal(expectedShape, actualShape);
        float error = Fixtures.MaxAbsDifference(actual, expected);
        Assert.True(error <= 1e-3f, $"max abs error {error} against {Path.GetFileName(logitsPath)}");
    }
}
