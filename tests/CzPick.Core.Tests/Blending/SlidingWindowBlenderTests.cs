using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;

namespace CzPick.Core.Tests.Blending;

public sealed class SlidingWindowBlenderTests
{
    [Theory]
    [InlineData(17, 23, 29, 8, 12, 16, 0.25)]
    [InlineData(9, 31, 13, 12, 12, 12, 0.5)]
    [InlineData(5, 6, 7, 8, 8, 8, 0.25)]
    [InlineData(33, 8, 40, 16, 8, 12, 0)]
    [InlineData(21, 19, 18, 8, 8, 8, 0.8)]
    public void Blend_AffinePredictor_GivesBackTheFunction(int z, int y, int x, int wz, int wy, int wx, double overlap)
    {
        // MONAI's invariant: whatever the windows, padding and weights, a predictor that is a function of each voxel
        // alone comes back unchanged after blending.
        Shape3 shape = new(z, y, x);
        float[] input = Noise(shape, 3);
        SlidingWindowBlender blender = new(new BlendOptions { Window = new Shape3(wz, wy, wx), Overlap = overlap });
        AffinePredictor predictor = new(3);
        float[] output = new float[3 * shape.VoxelCount];

        blender.Blend(input, shape, predictor, output, new BlendScratch());

        for (int c = 0; c < 3; c++)
        {
            for (int i = 0; i < input.Length; i++)
            {
                Assert.Equal(AffinePredictor.Logit(input[i], c), output[(c * input.Length) + i], 1e-4);
            }
        }
    }

    [Fact]
    public void Blend_ConstantPerWindow_GaussianWeightedMean()
    {
        // Two windows along x (8 wide in 12, overlap 0.5: starts 0 and 4), predicting 0 and 1. Where both cover a
        // voxel the result is w₁ / (w₀ + w₁), the weights read from the Gaussian at each window's local position.
        Shape3 shape = new(8, 8, 12);
        Shape3 window = new(8, 8, 8);
        SlidingWindowBlender blender = new(new BlendOptions { Window = window, Overlap = 0.5 });
        float[] output = new float[shape.VoxelCount];

        blender.Blend(new float[shape.VoxelCount], shape, new CallCountPredictor(), output, new BlendScratch());

        ImportanceMap map = ImportanceMap.Gaussian(window, 0.125);
        for (int x = 0; x < 12; x++)
        {
            double w0 = x < 8 ? map.Weights[window.IndexOf(3, 5, x)] : 0;
            double w1 = x >= 4 ? map.Weights[window.IndexOf(3, 5, x - 4)] : 0;
            Assert.Equal(w1 / (w0 + w1), output[shape.IndexOf(3, 5, x)], 1e-6);
        }
    }

    [Theory]
    [InlineData(20, 22, 26, 8, 12, 12, 0.25)]
    [InlineData(7, 30, 19, 8, 12, 8, 0.5)]
    public void Blend_ConstantPerWindowOnAGrid_EveryVoxelTheWeightedMeanOfItsWindows(int z, int y, int x, int wz, int wy, int wx, double overlap)
    {
        // Window k predicts k everywhere, so each voxel must come out as Σ w_k(local) · k / Σ w_k(local) over the
        // windows covering it, computed here voxel by voxel from the plan and the map.
        Shape3 shape = new(z, y, x);
        Shape3 window = new(wz, wy, wx);
        SlidingWindowBlender blender = new(new BlendOptions { Window = window, Overlap = overlap });
        float[] output = new float[2 * shape.VoxelCount];

        blender.Blend(new float[shape.VoxelCount], shape, new CallCountPredictor(2), output, new BlendScratch());

        WindowPlan plan = WindowPlanner.Plan(shape, window, overlap);
        ImportanceMap map = ImportanceMap.Gaussian(window, 0.125);
        double[] weighted = new double[shape.VoxelCount];
        double[] sum = new double[shape.VoxelCount];
        for (int k = 0; k < plan.Starts.Count; k++)
        {
            Index3 origin = plan.Starts[k] - plan.PadBefore;
            for (int iz = Math.Max(0, origin.Z); iz < Math.Min(z, origin.Z + wz); iz++)
            {
                for (int iy = Math.Max(0, origin.Y); iy < Math.Min(y, origin.Y + wy); iy++)
                {
                    for (int ix = Math.Max(0, origin.X); ix < Math.Min(x, origin.X + wx); ix++)
                    {
                        double w = map.Weights[window.IndexOf(iz - origin.Z, iy - origin.Y, ix - origin.X)];
                        weighted[shape.IndexOf(iz, iy, ix)] += w * k;
                        sum[shape.IndexOf(iz, iy, ix)] += w;
                    }
                }
            }
        }

        Assert.True(plan.Starts.Count > 4);
        for (int i = 0; i < weighted.Length; i++)
        {
            Assert.Equal(weighted[i] / sum[i], output[i], 1e-4);
            Assert.Equal(weighted[i] / sum[i], output[shape.VoxelCount + i], 1e-4);
        }
    }

    [Fact]
    public void Blend_InputSmallerThanWindow_PredictorSeesReflection()
    {
        // A 3-voxel axis in a 8-voxel window: MONAI pads 2 before and 3 after by reflection: c b | a b c | b a b.
        Shape3 shape = new(1, 1, 3);
        float[] input = [10, 20, 30];
        RecordingPredictor predictor = new();
        SlidingWindowBlender blender = new(new BlendOptions { Window = new Shape3(4, 4, 8), Overlap = 0.25 });

        blender.Blend(input, shape, predictor, new float[3], new BlendScratch());

        Assert.Equal([30f, 20f, 10f, 20f, 30f, 20f, 10f, 20f], predictor.FirstRow);
    }

    [Theory]
    [InlineData(-1, 5, 1)]
    [InlineData(-4, 5, 4)]
    [InlineData(5, 5, 3)]
    [InlineData(9, 5, 1)]
    [InlineData(-9, 5, 1)]
    [InlineData(3, 1, 0)]
    public void Reflect_PositionsOutside_MirroredWithoutRepeatingTheEdge(int position, int extent, int expected)
    {
        Assert.Equal(expected, SlidingWindowBlender.Reflect(position, extent));
    }

    [Fact]
    public void Blend_WindowRoundedUpToMultipleOfFour()
    {
        SlidingWindowBlender blender = new(new BlendOptions { Window = new Shape3(9, 10, 12) });

        Assert.Equal(new Shape3(12, 12, 12), blender.Window);
    }

    static float[] Noise(Shape3 shape, int seed)
    {
        Random random = new(seed);
        return [.. Enumerable.Range(0, (int)shape.VoxelCount).Select(_ => (float)((random.NextDouble() * 4) - 2))];
    }

    /// <summary>logit_c = (c + 1) × input + c, voxel by voxel.</summary>
    sealed class AffinePredictor(int channels) : IPatchPredictor
    {
        public int ChannelCount => channels;

        public static float Logit(float input, int channel) => ((channel + 1) * input) + channel;

        public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int i = 0; i < patch.Length; i++)
                {
                    logits[(c * patch.Length) + i] = Logit(patch[i], c);
                }
            }
        }
    }

    /// <summary>Predicts the number of windows it has seen before, everywhere, in every channel.</summary>
    sealed class CallCountPredictor(int channels = 1) : IPatchPredictor
    {
        int calls;

        public int ChannelCount => channels;

        public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits) => logits.Fill(this.calls++);
    }

    /// <summary>Remembers the first row of the first window.</summary>
    sealed class RecordingPredictor : IPatchPredictor
    {
        public float[] FirstRow { get; private set; } = [];

        public int ChannelCount => 1;

        public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits)
        {
            if (this.FirstRow.Length == 0)
            {
                this.FirstRow = patch[..shape.X].ToArray();
            }

            logits.Clear();
        }
    }
}
