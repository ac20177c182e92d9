using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Phantoms;

namespace CzPick.Core.Tests.Phantoms;

public sealed class PhantomLayoutTests
{
    const double Voxel = 10.012;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Draw_DefaultOptions_CziiLikeCrowdingAllPlaced(long seed)
    {
        PhantomLayout layout = PhantomLayout.Draw(new PhantomOptions(), seed);

        // About 150 on average (tens to a couple of hundred, as in the CZII runs), each type 0.6–1.4 × its mean.
        Assert.InRange(layout.Particles.Count, 80, 220);
        Assert.Equal(layout.Requested.Values.Sum(), layout.Particles.Count);
        foreach (ParticleType type in ParticleCatalog.Czii.Particles)
        {
            double mean = PhantomParticleModel.Get(type.Name).MeanCount;
            Assert.InRange(layout.Particles.Count(p => p.Type == type), Math.Floor(0.6 * mean), Math.Ceiling(1.4 * mean));
        }
    }

    [Fact]
    public void Draw_Crowding_ScalesTheCountsWithItAndWithTheVolume()
    {
        PhantomOptions full = new() { Crowding = 2, IceSlab = false, MaxMembranes = 0 };
        PhantomOptions quarter = full with { Shape = new Shape3(184, 315, 315) };

        int fullCount = PhantomLayout.Draw(full, 4).Requested.Values.Sum();
        int quarterCount = PhantomLayout.Draw(quarter, 4).Requested.Values.Sum();

        // Same seed, same per-type spread: a quarter of the volume asks for a quarter of the particles (± rounding).
        Assert.InRange(fullCount, 2 * 80, 2 * 220);
        Assert.InRange(quarterCount, (fullCount / 4.0) - 6, (fullCount / 4.0) + 6);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(6)]
    public void Draw_AnySeed_ParticlesApartInsideTheIceAndClearOfMembranes(long seed)
    {
        PhantomOptions options = new() { Crowding = 2, MaxMembranes = 4 };

        PhantomLayout layout = PhantomLayout.Draw(options, seed);

        Shape3 shape = options.Shape;
        IceSlab slab = Assert.NotNull(layout.Slab);
        for (int i = 0; i < layout.Particles.Count; i++)
        {
            PlacedParticle p = layout.Particles[i];
            double r = p.Type.RadiusAngstrom / Voxel;
            Assert.InRange(p.Z, r, shape.Z - 1 - r);
            Assert.InRange(p.Y, r, shape.Y - 1 - r);
            Assert.InRange(p.X, r, shape.X - 1 - r);
            Assert.InRange(p.Z, slab.BottomAt(p.Y, p.X) + r, slab.TopAt(p.Y, p.X) - r);
            foreach (Membrane membrane in layout.Membranes)
            {
                Assert.True(membrane.DistanceTo(p.Z, p.Y, p.X) >= r, $"A {p.Type.Name} sits on a membrane.");
            }

            for (int j = 0; j < i; j++)
            {
                PlacedParticle q = layout.Particles[j];
                double distance = Math.Sqrt(Math.Pow(p.Z - q.Z, 2) + Math.Pow(p.Y - q.Y, 2) + Math.Pow(p.X - q.X, 2)) * Voxel;
                Assert.True(distance >= p.Type.RadiusAngstrom + q.Type.RadiusAngstrom, $"A {p.Type.Name} and a {q.Type.Name} are {distance:F1} Å apart.");
            }
        }
    }

    [Fact]
    public void Draw_ExactCounts_PlacesExactlyThose()
    {
        PhantomOptions options = new()
        {
            Shape = new Shape3(64, 160, 160),
            Counts = new Dictionary<string, int> { ["ribosome"] = 3, ["apo-ferritin"] = 7, ["thyroglobulin"] = 2 },
        };

        PhantomLayout layout = PhantomLayout.Draw(options, 8);

        Assert.Equal(3, layout.Particles.Count(p => p.Type.Name == "ribosome"));
        Assert.Equal(7, layout.Particles.Count(p => p.Type.Name == "apo-ferritin"));
        Assert.Equal(2, layout.Particles.Count(p => p.Type.Name == "thyroglobulin"));
        Assert.Equal(12, layout.Particles.Count);
    }

    [Fact]
    public void Draw_MoreThanFits_PlacesWhatFitsAndCountsTheRest()
    {
        // Ten ribosomes (300 Å across) cannot share a 40-voxel cube; one fits, at most a few.
        PhantomOptions options = new()
        {
            Shape = new Shape3(40, 40, 40),
            Counts = new Dictionary<string, int> { ["ribosome"] = 10 },
            IceSlab = false,
            MaxMembranes = 0,
        };

        PhantomLayout layout = PhantomLayout.Draw(options, 9);

        Assert.InRange(layout.Particles.Count, 1, 2);
        Assert.Equal(10, layout.Requested["ribosome"]);
    }

    [Fact]
    public void Draw_VolumeSmallerThanTheParticle_PlacesNone()
    {
        PhantomOptions options = new()
        {
            Shape = new Shape3(20, 64, 64),
            Counts = new Dictionary<string, int> { ["ribosome"] = 1 },
            IceSlab = false,
        };

        Assert.Empty(PhantomLayout.Draw(options, 10).Particles);
    }

    [Fact]
    public void Draw_SlabOrMembranesChanged_SameCounts()
    {
        PhantomOptions plain = new() { Shape = new Shape3(64, 200, 200), MaxMembranes = 0, IceSlab = false };

        PhantomLayout a = PhantomLayout.Draw(plain, 11);
        PhantomLayout b = PhantomLayout.Draw(plain with { MaxMembranes = 3, IceSlab = true }, 11);

        // Counts are drawn from their own stream: distractors move particles, never change how many are asked for.
        Assert.Equal(a.Requested, b.Requested);
    }
}
