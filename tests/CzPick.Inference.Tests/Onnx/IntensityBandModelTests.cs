using CzPick.Inference.Onnx;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.Onnx;

public sealed class IntensityBandModelTests
{
    [Fact]
    public void Create_Bands_MinusEightTimesSquaredDistanceToEachLabel()
    {
        float[] input = [-1f, 0f, 0.5f, 2f];
        const double Mean = 2;
        const double Std = 1.5;

        float[] logits = OnnxRunner.Run(IntensityBandModel.Create(3, Mean, Std), input, [1, 1, 1, 1, 4]).Values;

        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < input.Length; i++)
            {
                double value = (input[i] * Std) + Mean;
                Assert.Equal(-8 * (value - c) * (value - c), logits[(c * input.Length) + i], 4);
            }
        }
    }

    [Fact]
    public void Create_WithUNet_BandsPlusTheScaledUNetLogits()
    {
        UNetArchitecture small = new("small", [4, 8], [2], 1, outputChannels: 3);
        UNetWeights weights = UNetWeights.CreateRandom(small, 9);
        float[] input = TestEnsembles.Noise(4 * 4 * 4, 2);
        long[] shape = [1, 1, 4, 4, 4];

        float[] mixed = OnnxRunner.Run(IntensityBandModel.Create(3, 0, 1, weights, 0.5f), input, shape).Values;

        float[] bands = OnnxRunner.Run(IntensityBandModel.Create(3, 0, 1), input, shape).Values;
        float[] unet = OnnxRunner.Run(UNetOnnx.ToBytes(weights, "small"), input, shape).Values;
        Assert.True(Fixtures.MaxAbsDifference(mixed, [.. bands.Zip(unet, (b, u) => b + (0.5f * u))]) < 1e-4f);
    }

    [Fact]
    public void Create_UNetOfOtherClassCount_Throws()
    {
        UNetWeights weights = UNetWeights.CreateRandom(new UNetArchitecture("small", [4, 8], [2], 1, outputChannels: 3), 1);

        Assert.Throws<ArgumentException>(() => IntensityBandModel.Create(7, 0, 1, weights));
    }
}
