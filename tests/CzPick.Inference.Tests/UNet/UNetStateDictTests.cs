using CzPick.Inference.Tests.Support;
using CzPick.Inference.Torch;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.UNet;

public sealed class UNetStateDictTests
{
    static readonly UNetArchitecture Small = new("small", [4, 8, 16, 24], [2, 2, 1], 2);
    static readonly UNetArchitecture Tiny2 = new("tiny2", [2, 4], [2], 1, outputChannels: 3);

    [Fact]
    public void Select_PlainMonaiKeys_NoPrefix()
    {
        UNetStateDictSelection selection = UNetStateDict.Select(TorchStateDict.Read(Fixtures.Small("small_res2_half.pth")), Small, useEma: false, "f");

        Assert.Equal(string.Empty, selection.KeyPrefix);
        Assert.Empty(selection.IgnoredKeys);
    }

    [Fact]
    public void Select_LightningWithEmaCopy_TakesModelAndLeavesEmaAside()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res2_lightning_ema.pth"));

        UNetStateDictSelection selection = UNetStateDict.Select(stateDict, Small, useEma: false, "f");

        Assert.Equal("model.", selection.KeyPrefix);
        Assert.Equal(Small.Parameters.Count, selection.IgnoredKeys.Count);
        Assert.All(selection.IgnoredKeys, key => Assert.StartsWith("ema_model.module.model.", key, StringComparison.Ordinal));
        Assert.Equal(stateDict.ByKey["model.model.0.residual.bias"].ToSingles(), selection.Weights["model.0.residual.bias"].ToArray());
    }

    [Fact]
    public void Select_Ema_TakesEmaAndLeavesModelAside()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.Small("small_res2_lightning_ema.pth"));

        UNetStateDictSelection selection = UNetStateDict.Select(stateDict, Small, useEma: true, "f");

        Assert.Equal("ema_model.module.", selection.KeyPrefix);
        Assert.All(selection.IgnoredKeys, key => Assert.StartsWith("model.model.", key, StringComparison.Ordinal));
        Assert.Equal(stateDict.ByKey["ema_model.module.model.0.residual.bias"].ToSingles(), selection.Weights["model.0.residual.bias"].ToArray());
        Assert.NotEqual(stateDict.ByKey["model.model.0.residual.bias"].ToSingles(), selection.Weights["model.0.residual.bias"].ToArray());
    }

    [Fact]
    public void Select_LightningWithOtherModules_LeavesThemAsideButRefusesUnknownNetworkKeys()
    {
        TorchStateDict weights = UNetWeights.CreateRandom(Tiny2, 1).ToStateDict("model.");
        TorchStateDict withLoss = new([.. weights.Entries, new("ce_loss.class_weight", TorchTensor.FromSingles([3], [1, 1, 1]))]);
        TorchStateDict withExtraLayer = new([.. weights.Entries, new("model.model.3.weight", TorchTensor.FromSingles([1], [1]))]);

        UNetStateDictSelection selection = UNetStateDict.Select(withLoss, Tiny2, useEma: false, "w.pth");
        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => UNetStateDict.Select(withExtraLayer, Tiny2, useEma: false, "w.pth"));

        Assert.Equal(["ce_loss.class_weight"], selection.IgnoredKeys);
        Assert.Equal(["unexpected key 'model.model.3.weight' of shape (1,)"], error.Problems);
    }

    [Fact]
    public void Select_EmaRequestedWithoutEmaCopy_SaysDropEma()
    {
        TorchStateDict stateDict = UNetWeights.CreateRandom(Tiny2, 1).ToStateDict("model.");

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => UNetStateDict.Select(stateDict, Tiny2, useEma: true, "w.pth"));

        Assert.Equal($"w.pth: does not fit UNet {Tiny2}: it holds no EMA weights (no key starts with 'ema_model.module.'); import it without --ema", error.Message);
    }

    [Fact]
    public void Select_MissingKey_NamesKeyWithPrefixAndShape()
    {
        TorchStateDict full = UNetWeights.CreateRandom(Tiny2, 1).ToStateDict("model.");
        TorchStateDict stateDict = new(full.Entries.Where(e => e.Key != "model.model.0.residual.weight"));

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => UNetStateDict.Select(stateDict, Tiny2, useEma: false, "w.pth"));

        Assert.Equal(["missing key 'model.model.0.residual.weight' of shape (2, 1, 3, 3, 3)"], error.Problems);
    }

    [Fact]
    public void Select_UnexpectedKey_NamesIt()
    {
        TorchStateDict stateDict = new([
            .. UNetWeights.CreateRandom(Tiny2, 1).ToStateDict().Entries,
            new("model.3.weight", TorchTensor.FromSingles([2], [1, 2])),
        ]);

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => UNetStateDict.Select(stateDict, Tiny2, useEma: false, "w.pth"));

        Assert.Equal(["unexpected key 'model.3.weight' of shape (2,)"], error.Problems);
    }

    [Fact]
    public void Select_WrongShape_NamesKeyAndBothShapes()
    {
        TorchStateDict stateDict = new(UNetWeights.CreateRandom(Tiny2, 1).ToStateDict().Entries.Select(e =>
            e.Key == "model.2.0.conv.weight" ? new KeyValuePair<string, TorchTensor>(e.Key, TorchTensor.FromSingles([6, 2, 3, 3, 1], new float[108])) : e));

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => UNetStateDict.Select(stateDict, Tiny2, useEma: false, "w.pth"));

        Assert.Equal(
            $"w.pth: does not fit UNet {Tiny2}: 'model.2.0.conv.weight' has shape (6, 2, 3, 3, 1) in the file but (6, 3, 3, 3, 3) in the architecture",
            error.Message);
    }

    [Fact]
    public void Select_OtherArchitecture_ListsFirstProblemsAndCount()
    {
        TorchStateDict stateDict = TorchStateDict.Read(Fixtures.MonaiTiny("tiny_lightning_state_dict.pth"));

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => UNetStateDict.Select(stateDict, UNetArchitecture.Big, useEma: false, "t.pth"));

        Assert.True(error.Problems.Count > WeightsMismatchException.ProblemsInMessage);
        Assert.EndsWith($"; and {error.Problems.Count - WeightsMismatchException.ProblemsInMessage} more", error.Message, StringComparison.Ordinal);
        Assert.Contains("'model.model.1.submodule.0.conv.unit0.conv.weight' has shape (64, 32, 3, 3, 3) in the file but (96, 32, 3, 3, 3) in the architecture", error.Problems);
    }
}
