using System.Collections.Concurrent;
using System.Diagnostics;
using CzPick.Core.Blending;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Core.Blocks;

/// <summary>
/// Picks one block: reads its input, z-scores it with the whole volume's statistics, predicts and blends it window by
/// window, applies softmax over the channels, picks every picked class and keeps the picks whose centroid lies in the
/// block's core. Buffers are kept per concurrent call and reused block after block.
/// </summary>
public sealed class BlockPicker : IBlockPicker
{
    const int ReadStage = 0;
    const int NormalizeStage = 1;
    const int BlendStage = 2;
    const int SoftmaxStage = 3;
    const int PickStage = 4;
    const int Stages = 5;

    readonly IPatchPredictor predictor;
    readonly SlidingWindowBlender blender;
    readonly ConcurrentBag<Scratch> scratches = [];
    readonly long[] stageTicks = new long[Stages];
    int blocks;
    long inputVoxels;

    /// <summary>Initializes a new instance of the <see cref="BlockPicker"/> class.</summary>
    /// <param name="predictor">The network.</param>
    /// <param name="options">The particles and the sliding window.</param>
    /// <exception cref="ArgumentException">The predictor's channels are not the catalog's.</exception>
    public BlockPicker(IPatchPredictor predictor, BlockPickerOptions options)
    {
        ArgumentNullException.ThrowIfNull(predictor);
        ArgumentNullException.ThrowIfNull(options);
        if (predictor.ChannelCount != options.Catalog.ChannelCount)
        {
            throw new ArgumentException(
                $"The predictor gives {predictor.ChannelCount} channels but the catalog has {options.Catalog.ChannelCount} (background and labels 1–{options.Catalog.ChannelCount - 1}); use the catalog the model was trained with.",
                nameof(predictor));
        }

        this.predictor = predictor;
        this.Options = options;
        this.blender = new SlidingWindowBlender(options.Blend);
    }

    /// <summary>Gets the options.</summary>
    public BlockPickerOptions Options { get; }

    /// <summary>Gets where the time went so far, summed over every block picked.</summary>
    public BlockPickTimings Timings => new(
        Volatile.Read(ref this.blocks),
        Interlocked.Read(ref this.inputVoxels),
        this.Elapsed(ReadStage),
        this.Elapsed(NormalizeStage),
        this.Elapsed(BlendStage),
        this.Elapsed(SoftmaxStage),
        this.Elapsed(PickStage));

    /// <summary>Gets the sliding window every prediction sees.</summary>
    public Shape3 Window => this.blender.Window;

    /// <summary>
    /// Gets the bytes each input voxel costs while its block is picked: the input, the blended channels and the
    /// weight sum, 4 bytes × (channels + 2).
    /// </summary>
    public long BytesPerInputVoxel => 4L * (this.predictor.ChannelCount + 2);

    /// <summary>Gets the bytes of one window's buffers: its input, logits and weights, 4 bytes × (channels + 2) per window voxel.</summary>
    public long WindowBytes => 4L * (this.predictor.ChannelCount + 2) * this.Window.VoxelCount;

    /// <summary>Estimates the memory one block of this input extent holds while it is picked.</summary>
    /// <param name="input">The block's input extent.</param>
    /// <returns>Bytes.</returns>
    public long WorkingSetBytes(Shape3 input) => (this.BytesPerInputVoxel * input.VoxelCount) + this.WindowBytes;

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Pick>> PickAsync(IVolumeSource source, Block block, VolumeStatistics statistics, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(block);
        Shape3 volume = source.Info.Shape;
        if (!Box3.Whole(volume).Contains(block.Input) || !block.Input.Contains(block.Core) || block.Core.IsEmpty)
        {
            throw new ArgumentException($"Block {block.Index}: core {block.Core} must be non-empty and inside input {block.Input}, inside the {volume} volume.", nameof(block));
        }

        Shape3 shape = block.Input.Size;
        int voxels = checked((int)shape.VoxelCount);
        int channels = this.predictor.ChannelCount;
        Scratch scratch = this.scratches.TryTake(out Scratch? reused) ? reused : new Scratch(this.Options.Catalog);
        try
        {
            scratch.Input = BlendScratch.Grow(scratch.Input, voxels);
            scratch.Channels = BlendScratch.Grow(scratch.Channels, (long)channels * voxels);
            long started = Stopwatch.GetTimestamp();
            await source.ReadAsync(block.Input, scratch.Input.AsMemory(0, voxels), cancellationToken).ConfigureAwait(false);
            started = this.Lap(ReadStage, started);
            ZScore.ApplyParallel(scratch.Input.AsMemory(0, voxels), statistics);
            started = this.Lap(NormalizeStage, started);
            this.blender.Blend(scratch.Input, shape, this.predictor, scratch.Channels, scratch.Blend, cancellationToken);
            started = this.Lap(BlendStage, started);
            Softmax.InPlace(scratch.Channels, channels, shape, scratch.Masks);
            started = this.Lap(SoftmaxStage, started);
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<Pick> picks = PickProbabilities(scratch.Channels, volume, block, source.Info.VoxelSize, this.Options.Catalog, scratch.Masks);
            this.Lap(PickStage, started);
            Interlocked.Increment(ref this.blocks);
            Interlocked.Add(ref this.inputVoxels, voxels);
            return picks;
        }
        finally
        {
            this.scratches.Add(scratch);
        }
    }

    /// <summary>
    /// Picks every picked class of a block from its softmax probabilities and keeps the picks whose centroid lies in
    /// the block's core, in Å of the whole volume. The classes run in parallel.
    /// </summary>
    /// <param name="probabilities">channels × input voxels probabilities over the block's input, channel slowest.</param>
    /// <param name="volume">The whole volume's extent (exclude_border applies at its faces only).</param>
    /// <param name="block">The block.</param>
    /// <param name="voxelSize">The volume's voxel size.</param>
    /// <param name="catalog">The particles; channel = label.</param>
    /// <param name="masks">
    /// The picked classes' foreground as <see cref="Softmax"/> marked it while computing the probabilities; null to
    /// threshold the probabilities here.
    /// </param>
    /// <returns>The picks, class by class in label order.</returns>
    public static IReadOnlyList<Pick> PickProbabilities(float[] probabilities, Shape3 volume, Block block, VoxelSizeAngstrom voxelSize, ParticleCatalog catalog, ClassMasks? masks = null)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(catalog);
        Shape3 shape = block.Input.Size;
        if (masks is null)
        {
            masks = new ClassMasks(catalog);
            masks.Threshold(probabilities, shape);
        }
        else if (masks.Shape != shape)
        {
            throw new ArgumentException($"The masks are {masks.Shape}, block {block.Index}'s input is {shape}.", nameof(masks));
        }

        ParticleType[] picked = [.. catalog.Particles.Where(p => p.IsPicked)];
        List<Pick>[] found = new List<Pick>[picked.Length];
        Parallel.For(0, picked.Length, i =>
        {
            ParticleType particle = picked[i];
            PickingParameters parameters = particle.Picking!;
            Box3 peakRegion = WatershedPicker.PeakRegion(volume, block.Input, parameters.MinDistanceVoxels);
            IReadOnlyList<Detection> detections = WatershedPicker.Pick(probabilities, particle.Label * shape.VoxelCount, masks.For(particle.Label), parameters, peakRegion);
            List<Pick> picks = [];
            foreach (Detection detection in detections)
            {
                double z = detection.Z + block.Input.Start.Z;
                double y = detection.Y + block.Input.Start.Y;
                double x = detection.X + block.Input.Start.X;
                if (InCore(block.Core, z, y, x))
                {
                    // Voxel index × the volume's own voxel size. The seed multiplies by 10.012444 Å, the CZII runs'
                    // spacing; a volume's header is the better authority for any other data.
                    picks.Add(new Pick(particle.Name, x * voxelSize.X, y * voxelSize.Y, z * voxelSize.Z, detection.Score));
                }
            }

            found[i] = picks;
        });

        return [.. found.SelectMany(list => list)];
    }

    long Lap(int stage, long started)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref this.stageTicks[stage], now - started);
        return now;
    }

    TimeSpan Elapsed(int stage) => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref this.stageTicks[stage]));

    static bool InCore(Box3 core, double z, double y, double x) =>
        z >= core.Start.Z && z < core.End.Z && y >= core.Start.Y && y < core.End.Y && x >= core.Start.X && x < core.End.X;

    /// <summary>One concurrent call's buffers.</summary>
    sealed class Scratch(ParticleCatalog catalog)
    {
        public float[] Input { get; set; } = [];

        public ClassMasks Masks { get; } = new(catalog);

        public float[] Channels { get; set; } = [];

        public BlendScratch Blend { get; } = new();
    }
}
