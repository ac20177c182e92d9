using CzPick.Inference.Torch;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.UNet;

public sealed class UNetWeightsTests
{
    static readonly UNetArchitecture Small = new("small", [4, 8, 16], [2, 2], 2);

    [Fact]
    public void CreateRandom_SameSeed_SameValues()
    {
        UNetWeights first = UNetWeights.CreateRandom(Small, 42);
        UNetWeights second = UNetWeights.CreateRandom(Small, 42);

        Assert.All(Small.Parameters, p => Assert.True(first[p.Key].SequenceEqual(second[p.Key]), p.Key));
    }

    [Fact]
    public void CreateRandom_OtherSeed_OtherValues()
    {
        UNetWeights first = UNetWeights.CreateRandom(Small, 1);
        UNetWeights second = UNetWeights.CreateRandom(Small, 2);

        Assert.False(first["model.0.conv.unit0.conv.weight"].SequenceEqual(second["model.0.conv.unit0.conv.weight"]));
    }

    [Fact]
    public void CreateRandom_Weights_KaimingScaleAndDefaultSlopes()
    {
        UNetWeights weights = UNetWeights.CreateRandom(UNetArchitecture.Tiny, 3);

        // model.1.submodule.1.submodule.1.submodule.conv.unit0: 128 → 128, fan-in 128·27, std √(2 / (1.0625·3456)).
        ReadOnlySpan<float> bottom = weights["model.1.submodule.1.submodule.1.submodule.conv.unit0.conv.weight"];
        double variance = 0;
        foreach (float value in bottom)
        {
            variance += value * (double)value;
        }

        double std = Math.Sqrt(variance / bottom.Length);
        Assert.InRange(std, 0.0233 * 0.98, 0.0233 * 1.02);
        Assert.All(UNetArchitecture.Tiny.Parameters.Where(p => p.Key.EndsWith(".adn.A.weight", StringComparison.Ordinal)), p => Assert.Equal(0.25f, weights[p.Key][0]));
    }

    [Fact]
    public void Ctor_MissingKey_Throws()
    {
        Dictionary<string, float[]> values = Small.Parameters.Skip(1).ToDictionary(p => p.Key, p => new float[p.ElementCount]);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new UNetWeights(Small, values));

        Assert.StartsWith("No values for 'model.0.conv.unit0.conv.weight'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_WrongLength_Throws()
    {
        Dictionary<string, float[]> values = Small.Parameters.ToDictionary(p => p.Key, p => new float[p.ElementCount]);
        values["model.0.conv.unit0.conv.bias"] = new float[5];

        ArgumentException error = Assert.Throws<ArgumentException>(() => new UNetWeights(Small, values));

        Assert.StartsWith("'model.0.conv.unit0.conv.bias' of shape (4,) needs 4 values, not 5.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_ExtraKey_Throws()
    {
        Dictionary<string, float[]> values = Small.Parameters.ToDictionary(p => p.Key, p => new float[p.ElementCount]);
        values["extra"] = [1];

        Assert.Throws<ArgumentException>(() => new UNetWeights(Small, values));
    }

    [Fact]
    public void ToStateDict_Prefix_SelectsBackTheSameValues()
    {
        UNetWeights weights = UNetWeights.CreateRandom(Small, 9);

        TorchStateDict stateDict = weights.ToStateDict("model.");
        UNetWeights back = UNetStateDict.Select(stateDict, Small, useEma: false, "x").Weights;

        Assert.Equal(Small.Parameters.Select(p => "model." + p.Key), stateDict.Entries.Select(e => e.Key));
        Assert.All(Small.Parameters, p => Assert.True(weights[p.Key].SequenceEqual(back[p.Key]), p.Key));
    }
}
