using System.Numerics.Tensors;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;

namespace CzPick.Core.Blending;

/// <summary>
/// Predicts an input window by window and blends the windows' logits with Gaussian weights, as MONAI's
/// <c>sliding_window_inference(mode="gaussian", padding_mode="reflect")</c> does: Σ w·logits and Σ w accumulate in
/// float32 over every window, and one division at the end gives the blended logits.
/// </summary>
public sealed class SlidingWindowBlender
{
    readonly Lazy<ImportanceMap> importance;

    /// <summary>Initializes a new instance of the <see cref="SlidingWindowBlender"/> class.</summary>
    /// <param name="options">The window, overlap and Gaussian.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public SlidingWindowBlender(BlendOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.Options = options;
        this.Window = options.EffectiveWindow;
        this.importance = new Lazy<ImportanceMap>(() => ImportanceMap.Gaussian(this.Window, options.SigmaScale));
    }

    /// <summary>Gets the options.</summary>
    public BlendOptions Options { get; }

    /// <summary>Gets the window every prediction sees, a multiple of the network's size multiple.</summary>
    public Shape3 Window { get; }

    /// <summary>Gets the window's weights, computed on first use and shared by every block.</summary>
    public ImportanceMap Importance => this.importance.Value;

    /// <summary>Predicts and blends one input.</summary>
    /// <param name="input">The normalized input, at least shape.VoxelCount long, C order.</param>
    /// <param name="shape">The input's extent.</param>
    /// <param name="predictor">The network.</param>
    /// <param name="output">Receives channels × shape.VoxelCount blended logits, channel slowest.</param>
    /// <param name="scratch">The worker's buffers.</param>
    /// <param name="cancellationToken">Cancels between windows.</param>
    public void Blend(float[] input, Shape3 shape, IPatchPredictor predictor, float[] output, BlendScratch scratch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(scratch);
        long voxels = shape.VoxelCount;
        int channels = predictor.ChannelCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels, nameof(predictor.ChannelCount));
        if (input.LongLength < voxels || output.LongLength < channels * voxels)
        {
            throw new ArgumentException($"A {shape} input needs {voxels} input and {channels * voxels} output values; got {input.LongLength} and {output.LongLength}.");
        }

        WindowPlan plan = WindowPlanner.Plan(shape, this.Window, this.Options.Overlap);
        long windowVoxels = this.Window.VoxelCount;
        scratch.Ensure(windowVoxels, channels, voxels, this.Window.X);
        float[] weights = this.Importance.Weights;
        foreach (Index3 start in plan.Starts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Index3 origin = start - plan.PadBefore;
            ExtractPatch(input, shape, origin, this.Window, scratch.Patch, scratch.SourceColumns);
            predictor.Predict(scratch.Patch.AsSpan(0, (int)windowVoxels), this.Window, scratch.Logits.AsSpan(0, checked((int)(channels * windowVoxels))));
            Index3 firstFrom = FirstTouched(plan, start) - plan.PadBefore;
            Accumulate(scratch.Logits, weights, this.Window, channels, origin, firstFrom, output, scratch.WeightSum, shape);
        }

        Parallel.For(0, channels, c =>
        {
            Span<float> channel = output.AsSpan(checked((int)(c * voxels)), (int)voxels);
            TensorPrimitives.Divide(channel, scratch.WeightSum.AsSpan(0, (int)voxels), channel);
        });
    }

    /// <summary>Copies one window out of the input, mirroring the input where the window reaches past it.</summary>
    /// <param name="input">The input.</param>
    /// <param name="shape">The input's extent.</param>
    /// <param name="origin">The window's first voxel in input coordinates (negative where padded).</param>
    /// <param name="window">The window's extent.</param>
    /// <param name="patch">Receives window.VoxelCount values.</param>
    /// <param name="sourceX">Scratch for the input column of each window column.</param>
    static void ExtractPatch(float[] input, Shape3 shape, Index3 origin, Shape3 window, float[] patch, int[] sourceX)
    {
        bool rowsContiguous = origin.X >= 0 && origin.X + window.X <= shape.X;
        for (int x = 0; x < window.X; x++)
        {
            sourceX[x] = Reflect(origin.X + x, shape.X);
        }

        Parallel.For(0, window.Z, z =>
        {
            int sourceZ = Reflect(origin.Z + z, shape.Z);
            for (int y = 0; y < window.Y; y++)
            {
                int sourceY = Reflect(origin.Y + y, shape.Y);
                int from = checked((int)shape.IndexOf(sourceZ, sourceY, 0));
                Span<float> row = patch.AsSpan(((z * window.Y) + y) * window.X, window.X);
                if (rowsContiguous)
                {
                    input.AsSpan(from + origin.X, window.X).CopyTo(row);
                }
                else
                {
                    for (int x = 0; x < window.X; x++)
                    {
                        row[x] = input[from + sourceX[x]];
                    }
                }
            }
        });
    }

    /// <summary>
    /// Where a window starts being the first to cover voxels, per axis: after the end of the previous window on that
    /// axis. Windows form a grid visited z, then y, then x, and the windows covering a voxel form a product of index
    /// ranges, so the first one visited is the one with the smallest index on every axis: a voxel is first covered
    /// by this window exactly when each of its coordinates is at or past that axis's point. Those voxels take w·p
    /// and w outright, so the accumulators need no clearing and no read for their first term (adding to zero is
    /// exact, so the sums are MONAI's).
    /// </summary>
    static Index3 FirstTouched(WindowPlan plan, Index3 start)
    {
        int z = start.Z, y = start.Y, x = start.X;
        foreach (Index3 other in plan.Starts)
        {
            z = other.Z < start.Z ? Math.Max(z, other.Z + plan.Window.Z) : z;
            y = other.Y < start.Y ? Math.Max(y, other.Y + plan.Window.Y) : y;
            x = other.X < start.X ? Math.Max(x, other.X + plan.Window.X) : x;
        }

        return new Index3(z, y, x);
    }

    /// <summary>
    /// Adds w·logits and w into the accumulators for the part of a window that lies inside the input, writing them
    /// instead where this window is the first to cover a voxel.
    /// </summary>
    static void Accumulate(float[] logits, float[] weights, Shape3 window, int channels, Index3 origin, Index3 firstFrom, float[] output, float[] weightSum, Shape3 shape)
    {
        long windowVoxels = window.VoxelCount;
        long voxels = shape.VoxelCount;
        int x0 = Math.Max(0, origin.X);
        int x1 = Math.Min(shape.X, origin.X + window.X);
        int windowX0 = x0 - origin.X;
        int z0 = Math.Max(0, origin.Z);
        int z1 = Math.Min(shape.Z, origin.Z + window.Z);
        int y0 = Math.Max(0, origin.Y);
        int y1 = Math.Min(shape.Y, origin.Y + window.Y);
        int split = Math.Clamp(firstFrom.X, x0, x1);
        Parallel.For(z0, z1, z =>
        {
            for (int y = y0; y < y1; y++)
            {
                // In a row the window covers first (z and y past their points), columns from the split on are new.
                int added = z >= firstFrom.Z && y >= firstFrom.Y ? split - x0 : x1 - x0;
                int windowRow = ((((z - origin.Z) * window.Y) + (y - origin.Y)) * window.X) + windowX0;
                int inputRow = checked((int)shape.IndexOf(z, y, x0));
                AddWeights(weights, windowRow, weightSum, inputRow, added, x1 - x0);
                for (int c = 0; c < channels; c++)
                {
                    int logitRow = (int)(c * windowVoxels) + windowRow;
                    int outputRow = (int)(c * voxels) + inputRow;
                    ReadOnlySpan<float> weightRow = weights.AsSpan(windowRow, x1 - x0);
                    ReadOnlySpan<float> logitSpan = logits.AsSpan(logitRow, x1 - x0);
                    Span<float> outputSpan = output.AsSpan(outputRow, x1 - x0);
                    TensorPrimitives.MultiplyAdd(logitSpan[..added], weightRow[..added], outputSpan[..added], outputSpan[..added]);
                    TensorPrimitives.Multiply(logitSpan[added..], weightRow[added..], outputSpan[added..]);
                }
            }
        });
    }

    /// <summary>Adds a row of weights into the weight sum, copying them where the voxels are new.</summary>
    static void AddWeights(float[] weights, int windowRow, float[] weightSum, int inputRow, int added, int length)
    {
        ReadOnlySpan<float> weightRow = weights.AsSpan(windowRow, length);
        Span<float> sumRow = weightSum.AsSpan(inputRow, length);
        TensorPrimitives.Add(sumRow[..added], weightRow[..added], sumRow[..added]);
        weightRow[added..].CopyTo(sumRow[added..]);
    }

    /// <summary>
    /// Maps a position to the input as torch's reflect padding does (the edge voxel is not repeated). Torch refuses a
    /// pad as long as the input; here the reflection simply repeats, and a one-voxel axis repeats its voxel.
    /// </summary>
    internal static int Reflect(int position, int extent)
    {
        if (extent == 1)
        {
            return 0;
        }

        int period = 2 * (extent - 1);
        int folded = ((position % period) + period) % period;
        return folded < extent ? folded : period - folded;
    }
}
