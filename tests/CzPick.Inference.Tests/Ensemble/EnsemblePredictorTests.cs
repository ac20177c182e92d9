using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Inference.Ensemble;
using CzPick.Inference.Onnx;
using CzPick.Inference.Runtime;
using CzPick.Inference.Tests.Support;
using CzPick.Inference.UNet;

namespace CzPick.Inference.Tests.Ensemble;

public sealed class EnsemblePredictorTests
{
    const int Channels = 7;
    static readonly Shape3 Window = new(4, 8, 8);
    static readonly InferenceOptions Cpu = new() { Device = ExecutionDevice.Cpu, IntraOpThreads = 1 };

    [Fact]
    public void Predict_IdentityOneMember_EqualsTheRawNetwork()
    {
        using TempDirectory directory = new();
        EnsembleManifest manifest = TestEnsembles.Write(directory.Path, [TtaPass.Identity], Window, (1, 1));
        using EnsemblePredictor predictor = new(manifest, Cpu);
        float[] patch = TestEnsembles.Noise((int)Window.VoxelCount, 3);

        float[] logits = Predict(predictor, patch);

        Assert.Equal(Raw(1, patch, Window), logits);
    }

    [Fact]
    public void Predict_FlipXOnFlipSymmetricInput_IdentityMirrored()
    {
        // An input mirror-symmetric in x: the flip pass feeds the network the very window the identity pass does,
        // so its output is the identity's logits with the flip undone on them, i.e. mirrored in x, exactly.
        float[] patch = TestEnsembles.Noise((int)Window.VoxelCount, 4);
        for (int row = 0; row < Window.Z * Window.Y; row++)
        {
            for (int x = 0; x < Window.X / 2; x++)
            {
                patch[(row * Window.X) + Window.X - 1 - x] = patch[(row * Window.X) + x];
            }
        }

        using TempDirectory flipDirectory = new();
        using TempDirectory identityDirectory = new();
        using EnsemblePredictor flip = new(TestEnsembles.Write(flipDirectory.Path, [TtaPass.FlipX], Window, (5, 1)), Cpu);
        using EnsemblePredictor identity = new(TestEnsembles.Write(identityDirectory.Path, [TtaPass.Identity], Window, (5, 1)), Cpu);

        float[] flipped = Predict(flip, patch);

        Assert.Equal(Remap(Predict(identity, patch), Channels, (z, y, x) => (z, y, Window.X - 1 - x)), flipped);
        Assert.NotEqual(Predict(identity, patch), flipped);
    }

    [Fact]
    public void Predict_FourPasses_MeanOfFourManualRunsUndone()
    {
        using TempDirectory directory = new();
        using EnsemblePredictor predictor = new(TestEnsembles.Write(directory.Path, TtaPasses.Seed, Window, (2, 1)), Cpu);
        float[] patch = TestEnsembles.Noise((int)Window.VoxelCount, 5);

        float[] logits = Predict(predictor, patch);

        // The transforms written out as index maps, independently of TtaPasses: (z, y, x) of the transformed window
        // reads (z, y', x') of the original.
        Func<int, int, int, (int, int, int)>[] maps =
        [
            (z, y, x) => (z, y, x),
            (z, y, x) => (z, y, Window.X - 1 - x),
            (z, y, x) => (z, Window.Y - 1 - y, x),
            (z, y, x) => (z, x, y),
        ];
        float[] expected = new float[Channels * Window.VoxelCount];
        foreach (Func<int, int, int, (int, int, int)> map in maps)
        {
            float[] input = Remap(patch, 1, map);
            float[] output = Raw(2, input, Window);

            // Each map is its own inverse: the same remap undoes it on the logits.
            float[] undone = Remap(output, Channels, map);
            for (int i = 0; i < expected.Length; i++)
            {
                expected[i] += undone[i] / 4;
            }
        }

        Assert.True(Fixtures.MaxAbsDifference(logits, expected) < 1e-5f);
    }

    [Fact]
    public void Predict_TwoWeightedMembers_WeightedMeanOfTheirLogits()
    {
        using TempDirectory directory = new();
        using EnsemblePredictor predictor = new(TestEnsembles.Write(directory.Path, [TtaPass.Identity], Window, (1, 1), (2, 3)), Cpu);
        float[] patch = TestEnsembles.Noise((int)Window.VoxelCount, 6);

        float[] logits = Predict(predictor, patch);

        float[] first = Raw(1, patch, Window);
        float[] second = Raw(2, patch, Window);
        Assert.True(Fixtures.MaxAbsDifference(logits, [.. first.Zip(second, (a, b) => (0.25f * a) + (0.75f * b))]) < 1e-5f);
    }

    [Fact]
    public void Predict_Fused_SameAsSeparateRuns()
    {
        using TempDirectory directory = new();
        EnsembleManifest manifest = TestEnsembles.Write(directory.Path, TtaPasses.Seed, Window, (1, 1), (2, 2));
        using EnsemblePredictor separate = new(manifest, Cpu);
        using EnsemblePredictor fused = new(manifest, Cpu with { FuseMembers = true });
        float[] patch = TestEnsembles.Noise((int)Window.VoxelCount, 7);

        float[] expected = Predict(separate, patch);
        float[] actual = Predict(fused, patch);

        Assert.True(fused.IsFused);
        Assert.True(Fixtures.MaxAbsDifference(actual, expected) < 1e-5f);
        Assert.Equal((1L, 1L), (fused.Statistics.Windows, fused.Statistics.Runs));
        Assert.Equal((1L, 8L), (separate.Statistics.Windows, separate.Statistics.Runs));
    }

    [Fact]
    public void Predict_ManyWindows_BuffersAllocatedOnceAndReused()
    {
        using TempDirectory directory = new();
        using EnsemblePredictor predictor = new(TestEnsembles.Write(directory.Path, TtaPasses.Seed, Window, (1, 1), (2, 1)), Cpu);
        float[] patch = TestEnsembles.Noise((int)Window.VoxelCount, 8);
        float[] logits = new float[Channels * Window.VoxelCount];

        predictor.Predict(patch, Window, logits);
        int afterFirst = predictor.BufferAllocations;
        for (int i = 0; i < 5; i++)
        {
            predictor.Predict(patch, Window, logits);
        }

        // One transformed input and one set of member logits, made by the first window only.
        Assert.Equal(2, afterFirst);
        Assert.Equal(afterFirst, predictor.BufferAllocations);
        Assert.Equal(6L * 4 * 2, predictor.Statistics.Runs);
        Assert.True(predictor.Statistics.RunTime > TimeSpan.Zero);
    }

    [Fact]
    public void Predict_ConcurrentCallers_EachGetsTheSequentialResult()
    {
        using TempDirectory directory = new();
        using EnsemblePredictor predictor = new(TestEnsembles.Write(directory.Path, TtaPasses.Seed, Window, (1, 1), (2, 1)), Cpu);
        float[][] patches = [.. Enumerable.Range(0, 8).Select(seed => TestEnsembles.Noise((int)Window.VoxelCount, seed))];
        float[][] sequential = [.. patches.Select(patch => Predict(predictor, patch))];

        float[][] concurrent = new float[patches.Length][];
        Parallel.For(0, patches.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => concurrent[i] = Predict(predictor, patches[i]));

        Assert.Equal(sequential, concurrent);
    }

    [Fact]
    public void Predict_WrongLengths_Throws()
    {
        using TempDirectory directory = new();
        using EnsemblePredictor predictor = new(TestEnsembles.Write(directory.Path, [TtaPass.Identity], Window, (1, 1)), Cpu);

        ArgumentException error = Assert.Throws<ArgumentException>(() => predictor.Predict(new float[10], Window, new float[70]));

        Assert.Contains("needs 256 input values and 1792 logits (7 classes)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_SwapOnNonSquareWindow_Throws()
    {
        using TempDirectory directory = new();
        using EnsemblePredictor predictor = new(TestEnsembles.Write(directory.Path, TtaPasses.Seed, Window, (1, 1)), Cpu);
        Shape3 wide = new(4, 8, 12);

        Assert.Throws<ArgumentException>(() => predictor.Predict(new float[wide.VoxelCount], wide, new float[Channels * wide.VoxelCount]));
    }

    [Fact]
    public void Ctor_MemberWithOtherClassCount_RefusedNamingTheMember()
    {
        using TempDirectory directory = new();
        UNetArchitecture threeClasses = new("three", [4, 8], [2], 1, outputChannels: 3);
        UNetOnnx.Save(directory.File("three.onnx"), UNetWeights.CreateRandom(threeClasses, 1), "three classes");
        TestEnsembles.Manifest([new("three.onnx")], [TtaPass.Identity], Window).Save(directory.Path);

        EnsembleFormatException error = Assert.Throws<EnsembleFormatException>(() => new EnsemblePredictor(EnsembleManifest.Load(directory.Path), Cpu));

        Assert.Contains($"member {directory.File("three.onnx")} takes Float (N, 1, D, H, W) and gives Float (N, 3, D, H, W); expected float32 (N, 1, D, H, W) in and (N, 7, D, H, W) out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_MemberNotOnnx_RefusedNamingTheFile()
    {
        using TempDirectory directory = new();
        File.WriteAllText(directory.File("broken.onnx"), "not a model");
        TestEnsembles.Manifest([new("broken.onnx")], [TtaPass.Identity], Window).Save(directory.Path);

        OnnxFormatException error = Assert.Throws<OnnxFormatException>(() => new EnsemblePredictor(EnsembleManifest.Load(directory.Path), Cpu));

        Assert.StartsWith($"{directory.File("broken.onnx")}: ONNX Runtime cannot load it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Predict_InTheEnginesVolumePicker_FindsThePlantedRibosomes()
    {
        // A network that needs no training: intensity bands, so voxels painted 4 are ribosome and the faint noise
        // around them background. Two painted spheres must come back as two ribosome picks at their centres, through
        // every TTA pass, the windows and blocks, the blend, softmax and the watershed.
        Shape3 volumeShape = new(32, 64, 72);
        (double Z, double Y, double X)[] centres = [(16, 20, 22), (14, 44, 50)];
        using DenseVolume volume = new("TS_planted", volumeShape, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing));
        for (int z = 0; z < volumeShape.Z; z++)
        {
            for (int y = 0; y < volumeShape.Y; y++)
            {
                for (int x = 0; x < volumeShape.X; x++)
                {
                    bool inside = centres.Any(c => ((z - c.Z) * (z - c.Z)) + ((y - c.Y) * (y - c.Y)) + ((x - c.X) * (x - c.X)) <= 49);
                    volume.Voxels[volumeShape.IndexOf(z, y, x)] = inside ? 4f : 0.1f * MathF.Sin(z + (3 * y) + (7 * x));
                }
            }
        }

        using TempDirectory directory = new();
        VolumeStatistics statistics = VolumeStatistics.Compute(volume.Voxels);
        File.WriteAllBytes(directory.File("bands.onnx"), IntensityBandModel.Create(Channels, statistics.Mean, statistics.StandardDeviation));
        (TestEnsembles.Manifest([new("bands.onnx")], TtaPasses.Seed, new Shape3(16, 32, 32)) with { SizeMultiple = 1 }).Save(directory.Path);
        EnsembleManifest manifest = EnsembleManifest.Load(directory.Path);
        using EnsemblePredictor predictor = new(manifest, Cpu);
        VolumePicker picker = new(predictor, new VolumePickerOptions
        {
            Picker = new BlockPickerOptions
            {
                Catalog = manifest.CreateCatalog(),
                Blend = new BlendOptions { Window = manifest.Window, Overlap = manifest.Overlap, SigmaScale = manifest.SigmaScale, SizeMultiple = manifest.SizeMultiple },
            },
            MaxConcurrentBlocks = 2,
            BlockCount = 2,
        });

        VolumePickResult result = await picker.PickAsync(volume);

        Pick[] picks = [.. result.Picks.OrderBy(p => p.YAngstrom)];
        Assert.Equal(2, picks.Length);
        for (int i = 0; i < picks.Length; i++)
        {
            Assert.Equal("ribosome", picks[i].Particle);
            double distance = Math.Sqrt(
                Math.Pow((picks[i].ZAngstrom / VoxelSizeAngstrom.CziiSpacing) - centres[i].Z, 2) +
                Math.Pow((picks[i].YAngstrom / VoxelSizeAngstrom.CziiSpacing) - centres[i].Y, 2) +
                Math.Pow((picks[i].XAngstrom / VoxelSizeAngstrom.CziiSpacing) - centres[i].X, 2));
            Assert.True(distance < 1, $"Pick {i} is {distance:F2} voxels from its sphere's centre.");
        }

        Assert.Equal(2, result.Plan.Blocks.Count);
        Assert.True(predictor.Statistics.Runs == 4 * predictor.Statistics.Windows && predictor.Statistics.Windows > 4);
    }

    static float[] Predict(EnsemblePredictor predictor, float[] patch)
    {
        float[] logits = new float[Channels * Window.VoxelCount];
        predictor.Predict(patch, Window, logits);
        return logits;
    }

    static float[] Raw(int seed, float[] input, Shape3 shape) =>
        OnnxRunner.Run(UNetOnnx.ToBytes(UNetWeights.CreateRandom(TestEnsembles.Small, seed), "raw"), input, [1, 1, shape.Z, shape.Y, shape.X]).Values;

    static float[] Remap(float[] values, int channels, Func<int, int, int, (int Z, int Y, int X)> map)
    {
        float[] result = new float[values.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int z = 0; z < Window.Z; z++)
            {
                for (int y = 0; y < Window.Y; y++)
                {
                    for (int x = 0; x < Window.X; x++)
                    {
                        (int sz, int sy, int sx) = map(z, y, x);
                        result[(c * Window.VoxelCount) + Window.IndexOf(z, y, x)] = values[(c * Window.VoxelCount) + Window.IndexOf(sz, sy, sx)];
                    }
                }
            }
        }

        return result;
    }
}
