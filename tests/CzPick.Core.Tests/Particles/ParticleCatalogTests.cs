using CzPick.Core.Particles;

namespace CzPick.Core.Tests.Particles;

public sealed class ParticleCatalogTests
{
    [Fact]
    public void Czii_WeightsAndRadii_MatchTheCompetition()
    {
        ParticleCatalog catalog = ParticleCatalog.Czii;

        Assert.Equal(7, catalog.ChannelCount);
        Assert.Equal(7, catalog.Particles.Sum(p => p.ScoreWeight));
        Assert.Equal(150, catalog.MaxRadiusAngstrom);
        Assert.Equal([60.0, 65, 90, 150, 130, 135], catalog.Particles.Select(p => p.RadiusAngstrom));
        Assert.DoesNotContain(catalog.Particles, p => p.Name.Contains('_', StringComparison.Ordinal));
    }

    [Fact]
    public void Czii_BetaAmylase_IsNotPicked()
    {
        Assert.False(ParticleCatalog.Czii["beta-amylase"].IsPicked);
        Assert.Equal(5, ParticleCatalog.Czii.Particles.Count(p => p.IsPicked));
    }

    [Fact]
    public void Indexer_UnknownName_ListsKnownNames()
    {
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => ParticleCatalog.Czii["proteasome"]);

        Assert.Contains("proteasome", error.Message, StringComparison.Ordinal);
        Assert.Contains("apo-ferritin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_DuplicateLabel_Refused()
    {
        ParticleType a = new(1, "a", null, 10, 1, [0, 0, 0, 255], null);
        ParticleType b = new(1, "b", null, 10, 1, [0, 0, 0, 255], null);

        ArgumentException error = Assert.Throws<ArgumentException>(() => new ParticleCatalog([a, b]));
        Assert.Contains("label 1", error.Message, StringComparison.Ordinal);
    }
}
