using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Inference.Ensemble;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.Support;

/// <summary>Small real ensembles written to disk: random-weight UNets of the CZII's seven classes, and their manifest.</summary>
static class TestEnsembles
{
    /// <summary>A two-level UNet (stride 2) small enough to run 8³ windows in milliseconds.</summary>
    public static readonly UNetArchitecture Small = new("small", [4, 8], [2], 1, outputChannels: 7);

    /// <summary>Gets the CZII classes in channel order, background first.</summary>
    public static IReadOnlyList<string> Classes { get; } = [EnsembleManifest.BackgroundClass, .. ParticleCatalog.Czii.Particles.Select(p => p.Name)];

    /// <summary>Writes members (one random UNet per seed, weights as given) and a manifest into a directory, and loads it.</summary>
    public static EnsembleManifest Write(string directory, IReadOnlyList<TtaPass> passes, Shape3 window, params (int Seed, double Weight)[] members)
    {
        List<EnsembleMember> listed = [];
        foreach ((int seed, double weight) in members)
        {
            string file = $"small-{seed}.onnx";
            UNetOnnx.Save(Path.Combine(directory, file), UNetWeights.CreateRandom(Small, seed), $"small UNet, seed {seed}");
            listed.Add(new EnsembleMember(file, weight));
        }

        Manifest(listed, passes, window).Save(directory);
        return EnsembleManifest.Load(directory);
    }

    /// <summary>A valid manifest of the given members (files not written).</summary>
    public static EnsembleManifest Manifest(IReadOnlyList<EnsembleMember> members, IReadOnlyList<TtaPass> passes, Shape3 window) => new()
    {
        Name = "test",
        Members = members,
        Tta = passes,
        Classes = Classes,
        Window = window,
        SizeMultiple = 2,
        Picking = new Dictionary<string, PickingParameters> { ["ribosome"] = new(0.1f, 750, 15) },
    };

    /// <summary>Values in [-1, 1) from a seeded generator.</summary>
    public static float[] Noise(int length, int seed)
    {
        Random random = new(seed);
        float[] values = new float[length];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (random.NextSingle() * 2) - 1;
        }

        return values;
    }
}
