using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Phantoms;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Phantoms;

public sealed class PhantomParticleModelTests
{
    const double Voxel = 10.012;

    public static TheoryData<string> Names => [.. ParticleCatalog.Czii.Particles.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Names))]
    public void Get_CziiParticle_ModelAtItsTrueSizeWithinItsRadius(string name)
    {
        ParticleType type = ParticleCatalog.Czii[name];

        PhantomParticleModel model = PhantomParticleModel.Get(name);

        // Within the radius, so that centres a sum of radii apart never overlap; near it, so the size is true.
        Assert.InRange(model.Shape.ExtentAngstrom, 0.95 * type.RadiusAngstrom, type.RadiusAngstrom);
        Assert.True(model.MeanCount > 0);
    }

    [Fact]
    public void Get_UnknownName_ListsTheKnownOnes()
    {
        KeyNotFoundException error = Assert.Throws<KeyNotFoundException>(() => PhantomParticleModel.Get("proteasome"));

        Assert.Contains("'proteasome'", error.Message, StringComparison.Ordinal);
        Assert.Contains("apo-ferritin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendered_ApoFerritin_HollowShellPeakingNearItsRadius()
    {
        Rendered ferritin = Rendered.One("apo-ferritin", blurred: false);

        double[] profile = ferritin.RadialProfile(binAngstrom: 5, maxAngstrom: 90);

        // Bins [0, 5), [5, 10) … Å: the cavity to 39 Å and the wall to 60 Å, each edge ramping over ±5 Å.
        Assert.All(profile[..7], p => Assert.InRange(p, 0, 0.02));
        Assert.InRange(profile[9], 0.95, 1);
        Assert.InRange(profile[10], 0.95, 1);
        Assert.InRange(Array.IndexOf(profile, profile.Max()), 8, 11);
        Assert.All(profile[13..], p => Assert.InRange(p, 0, 0));
    }

    [Fact]
    public void Rendered_ApoFerritinBlurred_StillHollow()
    {
        Rendered ferritin = Rendered.One("apo-ferritin", blurred: true);

        double[] profile = ferritin.RadialProfile(binAngstrom: 10, maxAngstrom: 90);

        Assert.True(profile[0] < 0.6 * profile.Max(), $"The core ({profile[0]:F2}) should stay well below the wall ({profile.Max():F2}) after the blur.");
        Assert.InRange(Array.IndexOf(profile, profile.Max()), 4, 5);
    }

    [Fact]
    public void Rendered_VirusLikeParticle_ThinHollowShellAtItsRadius()
    {
        Rendered vlp = Rendered.One("virus-like-particle", blurred: false);

        double[] profile = vlp.RadialProfile(binAngstrom: 10, maxAngstrom: 160);

        Assert.All(profile[..10], p => Assert.InRange(p, 0, 0.01));
        Assert.InRange(profile[12], 0.95, 1);
        Assert.InRange(Array.IndexOf(profile, profile.Max()), 11, 13);
        Assert.InRange(profile[15], 0, 0);
    }

    [Fact]
    public void Rendered_BetaAmylase_SolidWhereFerritinIsHollow()
    {
        Rendered amylase = Rendered.One("beta-amylase", blurred: false);

        double[] profile = amylase.RadialProfile(binAngstrom: 10, maxAngstrom: 90);

        Assert.InRange(profile[1], 0.9, 1);
        Assert.InRange(profile[7], 0, 0.01);
    }

    [Fact]
    public void Rendered_Ribosome_ExtentMatchesItsRadius()
    {
        Rendered ribosome = Rendered.One("ribosome", blurred: false);

        double extent = ribosome.Samples.Where(s => s.Density >= 0.5).Max(s => s.Distance);

        Assert.InRange(extent, 140, 155);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Rendered_AnyParticle_CentreOfMassAtTheTruth(string name)
    {
        Rendered particle = Rendered.One(name, blurred: false);

        (double x, double y, double z) = particle.CentreOfMass();

        Assert.True(Math.Sqrt((x * x) + (y * y) + (z * z)) < 5, $"{name}'s centre of mass is ({x:F1}, {y:F1}, {z:F1}) Å from its truth.");
    }

    [Fact]
    public void Rendered_Ribosome_TwoUnequalSubunitsMakeItLopsided()
    {
        // Along its long axis the ribosome's mass is skewed (the small subunit on one side), unlike a symmetric dimer.
        Rendered ribosome = Rendered.One("ribosome", blurred: false);
        Rendered thyroglobulin = Rendered.One("thyroglobulin", blurred: false);

        Assert.InRange(Math.Abs(ribosome.LongAxis().Skewness), 0.15, 1);
        Assert.InRange(Math.Abs(thyroglobulin.LongAxis().Skewness), 0, 0.05);
    }

    [Fact]
    public void Rendered_Thyroglobulin_ElongatedDimer()
    {
        Rendered thyroglobulin = Rendered.One("thyroglobulin", blurred: false);
        Rendered ferritin = Rendered.One("apo-ferritin", blurred: false);

        Assert.InRange(thyroglobulin.LongAxis().Elongation, 2.5, 5);
        Assert.InRange(ferritin.LongAxis().Elongation, 1, 1.05);
    }

    /// <summary>A phantom holding one particle, noise-free, and its voxels' density against distance from the truth.</summary>
    sealed class Rendered
    {
        /// <summary>Each particle rendered once per test run: several tests look at the same one.</summary>
        static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, bool), Rendered> Cache = new();

        Rendered(List<(double X, double Y, double Z, double Distance, double Density)> samples) => this.Samples = samples;

        public List<(double X, double Y, double Z, double Distance, double Density)> Samples { get; }

        public static Rendered One(string name, bool blurred) => Cache.GetOrAdd((name, blurred), key => Render(key.Item1, key.Item2));

        static Rendered Render(string name, bool blurred)
        {
            PhantomOptions options = new()
            {
                Shape = new Shape3(40, 40, 40),
                Counts = new Dictionary<string, int> { [name] = 1 },
                SignalToNoiseRatio = double.PositiveInfinity,
                BlurSigmaXyAngstrom = blurred ? 10 : 0,
                BlurSigmaZAngstrom = blurred ? 20 : 0,
                NoiseSigmaXyAngstrom = 0,
                NoiseSigmaZAngstrom = 0,
                MaxMembranes = 0,
                IceSlab = false,
                DarkParticles = false,
            };
            Phantom phantom = PhantomGenerator.Generate(options, 7, "one");
            Pick truth = Assert.Single(phantom.Truth);
            List<(double, double, double, double, double)> samples = [];
            for (int z = 0; z < 40; z++)
            {
                for (int y = 0; y < 40; y++)
                {
                    for (int x = 0; x < 40; x++)
                    {
                        double dx = (x * Voxel) - truth.XAngstrom;
                        double dy = (y * Voxel) - truth.YAngstrom;
                        double dz = (z * Voxel) - truth.ZAngstrom;
                        samples.Add((dx, dy, dz, Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz)), phantom.Volume[z, y, x]));
                    }
                }
            }

            return new Rendered(samples);
        }

        public double[] RadialProfile(double binAngstrom, double maxAngstrom)
        {
            int bins = (int)(maxAngstrom / binAngstrom);
            double[] sum = new double[bins];
            int[] count = new int[bins];
            foreach ((double _, double _, double _, double distance, double density) in this.Samples)
            {
                int bin = (int)(distance / binAngstrom);
                if (bin < bins)
                {
                    sum[bin] += density;
                    count[bin]++;
                }
            }

            return [.. sum.Zip(count, (s, c) => s / c)];
        }

        public (double X, double Y, double Z) CentreOfMass()
        {
            double mass = this.Samples.Sum(s => s.Density);
            return (
                this.Samples.Sum(s => s.X * s.Density) / mass,
                this.Samples.Sum(s => s.Y * s.Density) / mass,
                this.Samples.Sum(s => s.Z * s.Density) / mass);
        }

        /// <summary>
        /// Finds the direction of largest spread among 500 spread over the sphere; returns the ratio of the largest
        /// to the smallest standard deviation, and the skewness of the mass along the largest.
        /// </summary>
        public (double Elongation, double Skewness) LongAxis()
        {
            (double cx, double cy, double cz) = this.CentreOfMass();
            List<(double X, double Y, double Z, double Distance, double Density)> dense = [.. this.Samples.Where(s => s.Density > 0)];
            double mass = dense.Sum(s => s.Density);
            double largest = 0;
            double smallest = double.PositiveInfinity;
            double skewness = 0;
            const int Directions = 500;
            for (int i = 0; i < Directions; i++)
            {
                // A Fibonacci lattice: nearly even directions over the sphere.
                double uz = 1 - ((2.0 * i + 1) / Directions);
                double ring = Math.Sqrt(1 - (uz * uz));
                double angle = i * Math.PI * (3 - Math.Sqrt(5));
                double ux = ring * Math.Cos(angle);
                double uy = ring * Math.Sin(angle);
                double second = 0;
                double third = 0;
                foreach ((double x, double y, double z, double _, double density) in dense)
                {
                    double a = ((x - cx) * ux) + ((y - cy) * uy) + ((z - cz) * uz);
                    second += density * a * a;
                    third += density * a * a * a;
                }

                second /= mass;
                third /= mass;
                if (second > largest)
                {
                    largest = second;
                    skewness = third / Math.Pow(second, 1.5);
                }

                smallest = Math.Min(smallest, second);
            }

            return (Math.Sqrt(largest / smallest), skewness);
        }
    }
}
