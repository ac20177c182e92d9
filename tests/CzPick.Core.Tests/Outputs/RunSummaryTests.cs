using CzPick.Core.Outputs;
using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Outputs;

public sealed class RunSummaryTests
{
    [Fact]
    public void CountPicks_SomeTypes_EveryCatalogTypeInOrderThenOthers()
    {
        Pick[] picks = [new("ribosome", 0, 0, 0, 1), new("ribosome", 1, 0, 0, 1), new("apo-ferritin", 0, 0, 0, 1), new("proteasome", 0, 0, 0, 1)];

        IReadOnlyDictionary<string, int> counts = RunSummary.CountPicks(ParticleCatalog.Czii, picks);

        Assert.Equal(
            [("apo-ferritin", 1), ("beta-amylase", 0), ("beta-galactosidase", 0), ("ribosome", 2), ("thyroglobulin", 0), ("virus-like-particle", 0), ("proteasome", 1)],
            counts.Select(c => (c.Key, c.Value)));
    }

    [Fact]
    public void CurrentVersion_ThisBuild_StartsWithTheProjectVersion()
    {
        Assert.StartsWith("0.1.0", RunSummary.CurrentVersion, StringComparison.Ordinal);
    }
}
