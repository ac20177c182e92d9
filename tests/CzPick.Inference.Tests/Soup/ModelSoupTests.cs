using CzPick.Inference.Soup;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.Torch;

namespace CzPick.Inference.Tests.Soup;

public sealed class ModelSoupTests
{
    [Fact]
    public void Average_TwoMembers_ElementwiseMean()
    {
        TorchStateDict a = new([new("w", TorchTensor.FromSingles([2, 2], [1, 2, 3, 4])), new("b", TorchTensor.FromSingles([1], [-1]))]);
        TorchStateDict b = new([new("w", TorchTensor.FromSingles([2, 2], [3, 2, -3, 0.5f])), new("b", TorchTensor.FromSingles([1], [2]))]);

        TorchStateDict soup = ModelSoup.Average([(a, "a"), (b, "b")]);

        Assert.Equal(["w", "b"], soup.Entries.Select(e => e.Key));
        Assert.Equal([2f, 2, 0, 2.25f], soup.ByKey["w"].ToSingles());
        Assert.Equal([2, 2], soup.ByKey["w"].Shape);
        Assert.Equal([0.5f], soup.ByKey["b"].ToSingles());
    }

    [Fact]
    public void Average_WrittenAndReadBack_EqualsMeanOfFiles()
    {
        using TempDirectory directory = new();
        TorchStateDict raw = TorchStateDict.Read(Fixtures.Small("small_res2_lightning_ema.pth"));
        TorchStateDict half = TorchStateDict.Read(Fixtures.Small("small_res2_half.pth"));
        TorchStateDict rawPlain = new(raw.Entries.Where(e => e.Key.StartsWith("model.", StringComparison.Ordinal)).Select(e => new KeyValuePair<string, TorchTensor>(e.Key["model.".Length..], e.Value)));

        ModelSoup.Average([(rawPlain, "raw"), (half, "half")]).Write(directory.File("soup.pth"));
        TorchStateDict soup = TorchStateDict.Read(directory.File("soup.pth"));

        Assert.Equal(half.Entries.Select(e => e.Key), soup.Entries.Select(e => e.Key));
        foreach ((string key, TorchTensor tensor) in soup.Entries)
        {
            float[] first = rawPlain.ByKey[key].ToSingles();
            float[] second = half.ByKey[key].ToSingles();
            Assert.Equal(TorchDataType.Float32, tensor.DataType);
            Assert.Equal(first.Zip(second, (x, y) => (float)((x + (double)y) / 2)), tensor.ToSingles());
        }
    }

    [Fact]
    public void Average_OneMember_SameValues()
    {
        TorchStateDict a = new([new("w", TorchTensor.FromSingles([3], [0.1f, 0.2f, 0.3f]))]);

        Assert.Equal([0.1f, 0.2f, 0.3f], ModelSoup.Average([(a, "a")]).ByKey["w"].ToSingles());
    }

    [Fact]
    public void Average_MemberWithOtherKeys_NamesMissingAndUnexpected()
    {
        TorchStateDict a = new([new("w", TorchTensor.FromSingles([1], [1])), new("v", TorchTensor.FromSingles([1], [1]))]);
        TorchStateDict b = new([new("w", TorchTensor.FromSingles([1], [1])), new("u", TorchTensor.FromSingles([1], [1]))]);

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => ModelSoup.Average([(a, "a.pth"), (b, "b.pth")]));

        Assert.Equal("b.pth: does not fit the first soup member a.pth: unexpected key 'u'; missing key 'v'", error.Message);
    }

    [Fact]
    public void Average_MemberWithOtherShape_NamesBothShapes()
    {
        TorchStateDict a = new([new("w", TorchTensor.FromSingles([2, 1], [1, 2]))]);
        TorchStateDict b = new([new("w", TorchTensor.FromSingles([1, 2], [1, 2]))]);

        WeightsMismatchException error = Assert.Throws<WeightsMismatchException>(() => ModelSoup.Average([(a, "a.pth"), (b, "b.pth")]));

        Assert.Equal(["'w' has shape (1, 2) here but (2, 1) in a.pth"], error.Problems);
    }

    [Fact]
    public void Average_NoMembers_Throws()
    {
        Assert.Throws<ArgumentException>(() => ModelSoup.Average([]));
    }
}
