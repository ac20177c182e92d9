using CzPick.Core.Copick;
using CzPick.Core.Particles;

namespace CzPick.Core.Tests.Copick;

public sealed class CopickConfigReaderTests
{
    static readonly string CompetitionConfig = Path.Combine(TestPaths.RepositoryRoot, "tests", "CzPick.Core.Tests", "Fixtures", "Copick", "czii_copick_config.json");

    [Fact]
    public void FromCopickConfig_CompetitionConfig_EqualsTheBuiltInCatalog()
    {
        ParticleCatalog catalog = ParticleCatalog.FromCopickConfig(CompetitionConfig);

        Assert.Equal(ParticleCatalog.Czii.Particles.Count, catalog.Particles.Count);
        for (int i = 0; i < catalog.Particles.Count; i++)
        {
            ParticleType read = catalog.Particles[i];
            ParticleType czii = ParticleCatalog.Czii.Particles[i];
            Assert.Equal(czii with { Color = [] }, read with { Color = [] });
            Assert.Equal(czii.Color, read.Color);
        }
    }

    [Fact]
    public void FromCopickConfig_UnknownParticleAndMembrane_WeightOneNotPickedMembraneLeftOut()
    {
        ParticleCatalog catalog = Read("""
            {"pickable_objects": [
              {"name": "ribosome", "is_particle": true, "label": 2, "radius": 140, "color": [1, 2, 3, 4], "pdb_id": "X"},
              {"name": "proteasome", "is_particle": true, "label": 3, "radius": 85},
              {"name": "membrane", "is_particle": false, "label": 1}
            ]}
            """);

        Assert.Equal(["ribosome", "proteasome"], catalog.Particles.Select(p => p.Name));
        ParticleType ribosome = catalog["ribosome"];
        Assert.Equal((2, 140.0, 1.0, "X"), (ribosome.Label, ribosome.RadiusAngstrom, ribosome.ScoreWeight, ribosome.PdbId));
        Assert.Equal([1, 2, 3, 4], ribosome.Color);
        Assert.Equal(ParticleCatalog.Czii["ribosome"].Picking, ribosome.Picking);
        ParticleType proteasome = catalog["proteasome"];
        Assert.Equal(1.0, proteasome.ScoreWeight);
        Assert.False(proteasome.IsPicked);
        Assert.Null(proteasome.PdbId);
        Assert.Equal([100, 100, 100, 255], proteasome.Color);
        Assert.Equal(4, catalog.ChannelCount);
    }

    [Theory]
    [InlineData("""{"name": "x"}""", "the file is an array; expected a copick project config")]
    [InlineData("""{"pickable_objects": [}""", "not valid JSON at line 1")]
    [InlineData("""{"name": "x"}""", "pickable_objects is missing; expected a list of objects")]
    [InlineData("""{"pickable_objects": [{"is_particle": true, "radius": 60}]}""", "pickable_objects[0].name is missing; expected a string.")]
    [InlineData("""{"pickable_objects": [{"name": "apo_ferritin", "is_particle": true, "radius": 60}]}""", "pickable_objects[0].name 'apo_ferritin' contains '_', which copick does not allow")]
    [InlineData("""{"pickable_objects": [{"name": "a", "radius": 60}]}""", "pickable_objects[0] (a).is_particle is missing; expected true or false.")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true}]}""", "pickable_objects[0] (a) is a particle without a radius")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": -5}]}""", "pickable_objects[0] (a).radius is -5; expected a positive number of Å.")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5, "label": 0}]}""", "pickable_objects[0] (a).label is 0; expected an integer from 1 to 255")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5, "label": 1}, {"name": "b", "is_particle": true, "radius": 5, "label": 1}]}""", "pickable_objects[1] (b) has label 1, as pickable_objects[0] (a) has; labels must be unique.")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5}, {"name": "b", "is_particle": false}]}""", "pickable_objects[1] (b) has label 1, as pickable_objects[0] (a) has")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5, "label": 1}, {"name": "a", "is_particle": true, "radius": 5, "label": 2}]}""", "pickable_objects[1] (a) has the same name as pickable_objects[0] (a); names must be unique.")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5, "color": [0, 0, 300, 1]}]}""", "pickable_objects[0] (a).color is [0, 0, 300, 1]; expected [r, g, b, a] with integers from 0 to 255.")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5, "color": [0, 0, 0]}]}""", "pickable_objects[0] (a).color is [0, 0, 0]; expected [r, g, b, a]")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": true, "radius": 5, "map_threshold": "high"}]}""", "pickable_objects[0] (a).map_threshold is the string \"high\"; expected a number.")]
    [InlineData("""{"pickable_objects": [{"name": "a", "is_particle": false}]}""", "no pickable object has \"is_particle\": true")]
    public void FromCopickConfig_MalformedConfig_NamesFileObjectAndProblem(string json, string expected)
    {
        using TempDirectory temp = new();
        string path = temp.File("copick.config");
        File.WriteAllText(path, expected.StartsWith("the file is an array", StringComparison.Ordinal) ? $"[{json}]" : json);

        CopickFormatException error = Assert.Throws<CopickFormatException>(() => ParticleCatalog.FromCopickConfig(path));

        Assert.StartsWith($"{path}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    static ParticleCatalog Read(string json)
    {
        using MemoryStream stream = new(System.Text.Encoding.UTF8.GetBytes(json));
        return ParticleCatalog.FromCopickConfig(stream, "inline.config");
    }
}
