using System.Security.Cryptography;
using System.Text;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Phantoms;
using CzPick.Core.Picking;

namespace CzPick.Core.Tests.Phantoms;

public sealed class PhantomGeneratorTests(PhantomGeneratorTests.NoisePair pair) : IClassFixture<PhantomGeneratorTests.NoisePair>
{
    const double Voxel = 10.012;

    /// <summary>A small phantom with every feature on and a few dozen particles.</summary>
    static readonly PhantomOptions Small = new()
    {
        Shape = new Shape3(48, 112, 112),
        Crowding = 25,
        MaxMembranes = 2,
        IncludeLabels = true,
    };

    /// <summary>A small phantom of particles alone: no slab, no membranes, so that the background is exactly 0.</summary>
    static readonly PhantomOptions ParticlesOnly = new()
    {
        Shape = new Shape3(64, 128, 128),
        Counts = new Dictionary<string, int>
        {
            ["apo-ferritin"] = 6,
            ["beta-amylase"] = 3,
            ["beta-galactosidase"] = 3,
            ["ribosome"] = 2,
            ["thyroglobulin"] = 3,
            ["virus-like-particle"] = 2,
        },
        MaxMembranes = 0,
        IceSlab = false,
    };

    [Fact]
    public void Generate_SameSeedAnyThreadCount_IdenticalVolumeLabelsAndTruth()
    {
        Phantom oneThread = PhantomGenerator.Generate(Small, 1234, "a", maxDegreeOfParallelism: 1);
        Phantom allThreads = PhantomGenerator.Generate(Small, 1234, "a");
        Phantom threeThreads = PhantomGenerator.Generate(Small, 1234, "a", maxDegreeOfParallelism: 3);

        Assert.True(oneThread.Truth.Count >= 20, $"Only {oneThread.Truth.Count} particles; the test wants a crowd.");
        Assert.Equal(Hash(oneThread), Hash(allThreads));
        Assert.Equal(Hash(oneThread), Hash(threeThreads));
    }

    [Fact]
    public void Generate_DifferentSeed_DifferentVolumeAndTruth()
    {
        Phantom a = PhantomGenerator.Generate(Small, 1, "a");
        Phantom b = PhantomGenerator.Generate(Small, 2, "a");

        Assert.NotEqual(a.Volume.Voxels, b.Volume.Voxels);
        Assert.NotEqual(a.Truth, b.Truth);
    }

    [Fact]
    public void Generate_AnySeed_TruthInÅngströmWholeParticlesInsideTheVolume()
    {
        Phantom phantom = PhantomGenerator.Generate(Small, 3, "TS_phantom_3");

        Assert.Equal("TS_phantom_3", phantom.Volume.Info.Name);
        Assert.Equal(Small.Shape, phantom.Volume.Shape);
        Assert.Equal(Voxel, phantom.Volume.Info.VoxelSize.X);
        Assert.Equal(phantom.Layout.Particles.Count, phantom.Truth.Count);
        Assert.Equal(phantom.Layout.Requested.Values.Sum() - phantom.Truth.Count, phantom.UnplacedCount);
        for (int i = 0; i < phantom.Truth.Count; i++)
        {
            Pick pick = phantom.Truth[i];
            PlacedParticle particle = phantom.Layout.Particles[i];
            double r = ParticleCatalog.Czii[pick.Particle].RadiusAngstrom;
            Assert.Equal(particle.Type.Name, pick.Particle);
            Assert.Equal(particle.X * Voxel, pick.XAngstrom, 1e-9);
            Assert.Equal(1f, pick.Score);
            Assert.InRange(pick.ZAngstrom, r, ((Small.Shape.Z - 1) * Voxel) - r);
            Assert.InRange(pick.YAngstrom, r, ((Small.Shape.Y - 1) * Voxel) - r);
            Assert.InRange(pick.XAngstrom, r, ((Small.Shape.X - 1) * Voxel) - r);
        }
    }

    [Fact]
    public void Generate_SignalToNoiseRatio_MeasuredOnTheVolume()
    {
        // Signal: the noise-free contrast within each particle's radius. Noise: what the noisy volume adds to it.
        double signal = MeanSquareWithinRadii(pair.Clean);
        double noiseMean = pair.Noise.Average(n => (double)n);
        double noiseVariance = pair.Noise.Sum(n => (n - noiseMean) * (n - noiseMean)) / pair.Noise.Length;

        Assert.Equal(0, pair.Clean.NoiseStandardDeviation);
        Assert.InRange(Math.Abs(noiseMean), 0, 0.01 * Math.Sqrt(noiseVariance));
        Assert.InRange(signal / noiseVariance, 0.87 * NoisePair.Ratio, 1.15 * NoisePair.Ratio);
        Assert.InRange(Math.Sqrt(noiseVariance), 0.95 * pair.Noisy.NoiseStandardDeviation, 1.05 * pair.Noisy.NoiseStandardDeviation);
    }

    [Fact]
    public void Generate_Noise_CorrelatedLongerAlongZ()
    {
        Shape3 shape = pair.Clean.Volume.Shape;

        // White noise blurred by taps w has lag-1 correlation Σ wᵢwᵢ₊₁ / Σ wᵢ²: σ = 10 Å ≈ 1 voxel along z gives
        // 0.78, σ = 5 Å ≈ 0.5 voxel across gives 0.26.
        Assert.InRange(LagOneCorrelation(pair.Noise, shape, 1, 0, 0), ExpectedLagOne(10 / Voxel) - 0.03, ExpectedLagOne(10 / Voxel) + 0.03);
        Assert.InRange(LagOneCorrelation(pair.Noise, shape, 0, 1, 0), ExpectedLagOne(5 / Voxel) - 0.03, ExpectedLagOne(5 / Voxel) + 0.03);
        Assert.InRange(LagOneCorrelation(pair.Noise, shape, 0, 0, 1), ExpectedLagOne(5 / Voxel) - 0.03, ExpectedLagOne(5 / Voxel) + 0.03);
    }

    [Fact]
    public void Generate_Signal_BlurredLongerAlongZ()
    {
        // A lone virus-like particle is a sphere: unblurred, its edges are as sharp along every axis, so any
        // difference in the gradients comes from the blur (σ 20 Å along z, 10 Å across).
        PhantomOptions oneShell = ParticlesOnly with
        {
            Counts = new Dictionary<string, int> { ["virus-like-particle"] = 1 },
            SignalToNoiseRatio = double.PositiveInfinity,
        };

        Phantom phantom = PhantomGenerator.Generate(oneShell, 7, "vlp");

        double alongZ = GradientEnergy(phantom, 1, 0, 0);
        double alongY = GradientEnergy(phantom, 0, 1, 0);
        double alongX = GradientEnergy(phantom, 0, 0, 1);
        Assert.InRange(alongY / alongX, 0.9, 1.1);
        Assert.InRange(alongZ / alongX, 0.2, 0.6);
    }

    [Fact]
    public void Generate_DarkOrBright_NegatedNoiseFreeVolume()
    {
        PhantomOptions clean = Small with { SignalToNoiseRatio = double.PositiveInfinity };

        Phantom dark = PhantomGenerator.Generate(clean, 8, "dark");
        Phantom bright = PhantomGenerator.Generate(clean with { DarkParticles = false }, 8, "bright");

        Assert.Equal(dark.Volume.Voxels, bright.Volume.Voxels.Select(v => -v));
        PlacedParticle ribosome = dark.Layout.Particles.First(p => p.Type.Name == "ribosome");
        Assert.True(dark.Volume[(int)Math.Round(ribosome.Z), (int)Math.Round(ribosome.Y), (int)Math.Round(ribosome.X)] < -0.9f);
    }

    [Fact]
    public void Generate_IceSlab_VacuumOutsideIceLevelInside()
    {
        Phantom phantom = PhantomGenerator.Generate(Small with { SignalToNoiseRatio = double.PositiveInfinity, MaxMembranes = 0, Crowding = 5 }, 9, "slab");
        IceSlab slab = Assert.NotNull(phantom.Layout.Slab);

        // With dark matter, vacuum (−0.5 density) reads +0.5; deep in the ice, away from particles, the level is
        // within the ±10 % thickness variation × 0.3.
        int vacuum = 0;
        int ice = 0;
        for (int y = 0; y < Small.Shape.Y; y += 7)
        {
            for (int x = 0; x < Small.Shape.X; x += 7)
            {
                double bottom = slab.BottomAt(y, x);
                double top = slab.TopAt(y, x);
                if (bottom > 4)
                {
                    Assert.Equal(0.5, phantom.Volume[0, y, x], 0.02);
                    vacuum++;
                }

                int middle = (int)((bottom + top) / 2);
                if (!phantom.Layout.Particles.Any(p => Math.Abs(p.Z - middle) < 18 && Math.Abs(p.Y - y) < 18 && Math.Abs(p.X - x) < 18))
                {
                    Assert.InRange(phantom.Volume[middle, y, x], -0.07f, 0.07f);
                    ice++;
                }
            }
        }

        Assert.True(vacuum > 10 && ice > 10, $"Only {vacuum} vacuum and {ice} ice columns were checked.");
    }

    [Fact]
    public void Generate_Labels_BallsOfTheRequestedFractionOfEachRadius()
    {
        PhantomOptions options = ParticlesOnly with { IncludeLabels = true, LabelRadiusFraction = 0.5 };

        Phantom phantom = PhantomGenerator.Generate(options, 10, "labels");

        byte[] labels = Assert.IsType<byte[]>(phantom.Labels);
        Shape3 shape = phantom.Volume.Shape;
        long labelled = 0;
        foreach (PlacedParticle particle in phantom.Layout.Particles)
        {
            double radius = 0.5 * particle.Type.RadiusAngstrom / Voxel;
            long inBall = 0;
            for (int z = (int)Math.Ceiling(particle.Z - radius); z <= particle.Z + radius; z++)
            {
                for (int y = (int)Math.Ceiling(particle.Y - radius); y <= particle.Y + radius; y++)
                {
                    for (int x = (int)Math.Ceiling(particle.X - radius); x <= particle.X + radius; x++)
                    {
                        double d2 = Math.Pow(z - particle.Z, 2) + Math.Pow(y - particle.Y, 2) + Math.Pow(x - particle.X, 2);
                        if (d2 <= radius * radius)
                        {
                            Assert.Equal(particle.Type.Label, labels[shape.IndexOf(z, y, x)]);
                            inBall++;
                        }
                    }
                }
            }

            // A digital ball holds about 4/3 π r³ voxels; within 25 % for radii down to 3 voxels.
            Assert.InRange(inBall, 0.75 * 4 / 3 * Math.PI * Math.Pow(radius, 3), 1.25 * 4 / 3 * Math.PI * Math.Pow(radius, 3));
            labelled += inBall;
        }

        Assert.Equal(labelled, labels.LongCount(l => l != 0));
    }

    [Fact]
    public void Generate_NoLabelsAsked_NoLabelMap()
    {
        Assert.Null(PhantomGenerator.Generate(ParticlesOnly, 11, "plain").Labels);
    }

    [Fact]
    public void Generate_BadOption_RefusedBeforeAnyWork()
    {
        ArgumentException error = Assert.Throws<ArgumentException>(() =>
            PhantomGenerator.Generate(Small with { SignalToNoiseRatio = -1 }, 1, "bad"));

        Assert.Contains("signal-to-noise ratio must be positive", error.Message, StringComparison.Ordinal);
    }

    static string Hash(Phantom phantom)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(phantom.Volume.Voxels.AsSpan()));
        hash.AppendData(phantom.Labels ?? []);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join(";", phantom.Truth)));
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    static double MeanSquareWithinRadii(Phantom phantom)
    {
        Shape3 shape = phantom.Volume.Shape;
        double sum = 0;
        long count = 0;
        foreach (Pick pick in phantom.Truth)
        {
            double radius = ParticleCatalog.Czii[pick.Particle].RadiusAngstrom / Voxel;
            double cz = pick.ZAngstrom / Voxel;
            double cy = pick.YAngstrom / Voxel;
            double cx = pick.XAngstrom / Voxel;
            for (int z = (int)Math.Ceiling(cz - radius); z <= cz + radius; z++)
            {
                for (int y = (int)Math.Ceiling(cy - radius); y <= cy + radius; y++)
                {
                    for (int x = (int)Math.Ceiling(cx - radius); x <= cx + radius; x++)
                    {
                        if (Math.Pow(z - cz, 2) + Math.Pow(y - cy, 2) + Math.Pow(x - cx, 2) <= radius * radius)
                        {
                            double v = phantom.Volume[z, y, x];
                            sum += v * v;
                            count++;
                        }
                    }
                }
            }
        }

        return sum / count;
    }

    static double LagOneCorrelation(float[] values, Shape3 shape, int dz, int dy, int dx)
    {
        double mean = values.Average(v => (double)v);
        double product = 0;
        double square = 0;
        for (int z = 0; z + dz < shape.Z; z++)
        {
            for (int y = 0; y + dy < shape.Y; y++)
            {
                for (int x = 0; x + dx < shape.X; x++)
                {
                    double a = values[shape.IndexOf(z, y, x)] - mean;
                    double b = values[shape.IndexOf(z + dz, y + dy, x + dx)] - mean;
                    product += a * b;
                    square += a * a;
                }
            }
        }

        return product / square;
    }

    /// <summary>The lag-1 autocorrelation of white noise blurred by a Gaussian of σ voxels sampled at the integers to ±⌈3σ⌉.</summary>
    static double ExpectedLagOne(double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        double[] w = [.. Enumerable.Range(-radius, (2 * radius) + 1).Select(i => Math.Exp(-(i * i) / (2 * sigma * sigma)))];
        return Enumerable.Range(0, w.Length - 1).Sum(i => w[i] * w[i + 1]) / w.Sum(v => v * v);
    }

    static double GradientEnergy(Phantom phantom, int dz, int dy, int dx)
    {
        Shape3 shape = phantom.Volume.Shape;
        double energy = 0;
        for (int z = 0; z + dz < shape.Z; z++)
        {
            for (int y = 0; y + dy < shape.Y; y++)
            {
                for (int x = 0; x + dx < shape.X; x++)
                {
                    double d = phantom.Volume[z + dz, y + dy, x + dx] - phantom.Volume[z, y, x];
                    energy += d * d;
                }
            }
        }

        return energy;
    }

    /// <summary>The particles-only phantom noise-free and at SNR 0.25 from one seed, and their difference: the noise.</summary>
    public sealed class NoisePair
    {
        public const double Ratio = 0.25;

        public NoisePair()
        {
            this.Clean = PhantomGenerator.Generate(ParticlesOnly with { SignalToNoiseRatio = double.PositiveInfinity }, 5, "clean");
            this.Noisy = PhantomGenerator.Generate(ParticlesOnly with { SignalToNoiseRatio = Ratio }, 5, "noisy");
            this.Noise = [.. this.Noisy.Volume.Voxels.Zip(this.Clean.Volume.Voxels, (n, c) => n - c)];
        }

        public Phantom Clean { get; }

        public Phantom Noisy { get; }

        public float[] Noise { get; }
    }
}
