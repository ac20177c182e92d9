using CzPick.Core.Particles;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Picking;

public sealed class PickDeduplicatorTests
{
    static readonly ParticleCatalog Catalog = ParticleCatalog.Czii;

    [Fact]
    public void Deduplicate_SameParticleTwoBlocks_KeepsHigherScore()
    {
        // Ribosome radius 150 Å: picks closer than 75 Å from different blocks are one particle.
        Pick left = new("ribosome", 1000, 500, 500, 0.7f);
        Pick right = new("ribosome", 1070, 500, 500, 0.9f);

        IReadOnlyList<Pick> kept = PickDeduplicator.Deduplicate([[left], [right]], Catalog);

        Assert.Equal([right], kept);
    }

    [Fact]
    public void Deduplicate_FartherThanHalfRadius_KeepsBoth()
    {
        Pick left = new("ribosome", 1000, 500, 500, 0.7f);
        Pick right = new("ribosome", 1076, 500, 500, 0.9f);

        Assert.Equal(2, PickDeduplicator.Deduplicate([[left], [right]], Catalog).Count);
    }

    [Fact]
    public void Deduplicate_SameBlock_NeverMerged()
    {
        // The seed does not deduplicate within one volume; one block is one seed run.
        Pick a = new("ribosome", 1000, 500, 500, 0.7f);
        Pick b = new("ribosome", 1010, 500, 500, 0.9f);

        Assert.Equal([a, b], PickDeduplicator.Deduplicate([[a, b]], Catalog));
    }

    [Fact]
    public void Deduplicate_DifferentParticles_NeverMerged()
    {
        Pick a = new("ribosome", 1000, 500, 500, 0.7f);
        Pick b = new("thyroglobulin", 1000, 500, 500, 0.9f);

        Assert.Equal([a, b], PickDeduplicator.Deduplicate([[a], [b]], Catalog));
    }

    [Fact]
    public void Deduplicate_ChainAcrossThreeBlocks_DropsOnlyThoseNearAKeptPick()
    {
        // Apo-ferritin (radius 60 Å → 30 Å): the best pick removes its near neighbour; the third, near only the
        // removed one, stays.
        Pick a = new("apo-ferritin", 0, 0, 0, 0.9f);
        Pick b = new("apo-ferritin", 25, 0, 0, 0.5f);
        Pick c = new("apo-ferritin", 50, 0, 0, 0.6f);

        Assert.Equal([a, c], PickDeduplicator.Deduplicate([[a], [b], [c]], Catalog));
    }

    [Fact]
    public void Deduplicate_UnknownParticle_ThrowsNamingIt()
    {
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(
            () => PickDeduplicator.Deduplicate([[new Pick("unicorn", 0, 0, 0, 1)]], Catalog));
        Assert.Contains("unicorn", error.Message, StringComparison.Ordinal);
    }
}
