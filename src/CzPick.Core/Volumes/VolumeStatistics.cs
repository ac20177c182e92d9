using CzPick.Core.Geometry;

namespace CzPick.Core.Volumes;

/// <summary>
/// Minimum, maximum, mean and population standard deviation of a volume: the statistics of the seed's z-score
/// (MONAI NormalizeIntensity over the whole tomogram).
/// </summary>
/// <param name="Count">The number of voxels.</param>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
/// <param name="Mean">The mean.</param>
/// <param name="StandardDeviation">The population standard deviation (numpy's default, ddof = 0).</param>
public readonly record struct VolumeStatistics(long Count, double Min, double Max, double Mean, double StandardDeviation)
{
    /// <summary>
    /// Voxels per chunk when streaming a source: about 2 MB of float32, so that a worker's chunk is still in its
    /// core's L2 cache when it is summarized right after being read.
    /// </summary>
    const long TargetChunkVoxels = 1L << 19;

    /// <summary>
    /// Computes the statistics in one streaming pass over a source. Chunks of whole sections (or of rows, for huge
    /// sections) are read and summarized by one worker per core, so reading one chunk overlaps summarizing another;
    /// memory stays at one chunk per worker whatever the volume's size. The result does not depend on the order in
    /// which the workers finish.
    /// </summary>
    /// <param name="source">The volume to read; its reads must be safe to run concurrently, as every IVolumeSource's are.</param>
    /// <param name="progress">Receives the fraction of chunks done, 0–1, from any thread.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The statistics.</returns>
    public static async Task<VolumeStatistics> ComputeAsync(IVolumeSource source, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        Box3[] chunks = PlanChunks(source.Info.Shape);
        StatisticsAccumulator[] partials = new StatisticsAccumulator[chunks.Length];
        int chunkVoxels = chunks.Length == 0 ? 0 : (int)chunks.Max(chunk => chunk.Size.VoxelCount);
        int next = -1;
        int done = 0;

        async Task WorkAsync()
        {
            float[] buffer = new float[chunkVoxels];
            for (int i = Interlocked.Increment(ref next); i < chunks.Length; i = Interlocked.Increment(ref next))
            {
                Memory<float> voxels = buffer.AsMemory(0, (int)chunks[i].Size.VoxelCount);
                await source.ReadAsync(chunks[i], voxels, cancellationToken).ConfigureAwait(false);
                partials[i].Add(voxels.Span);
                progress?.Report((double)Interlocked.Increment(ref done) / chunks.Length);
            }
        }

        int workers = Math.Min(Environment.ProcessorCount, chunks.Length);
        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(WorkAsync, cancellationToken))).ConfigureAwait(false);

        StatisticsAccumulator total = default;
        foreach (StatisticsAccumulator partial in partials)
        {
            total.Merge(partial);
        }

        return total.ToStatistics();
    }

    /// <summary>Computes the statistics of voxels in memory.</summary>
    /// <param name="voxels">The voxels.</param>
    /// <returns>The statistics.</returns>
    public static VolumeStatistics Compute(ReadOnlySpan<float> voxels)
    {
        StatisticsAccumulator accumulator = default;
        accumulator.Add(voxels);
        return accumulator.ToStatistics();
    }

    /// <summary>Splits a volume into chunks of about <see cref="TargetChunkVoxels"/>: whole sections, or rows of one section.</summary>
    static Box3[] PlanChunks(Shape3 shape)
    {
        if (!shape.IsPositive)
        {
            return [];
        }

        List<Box3> chunks = [];
        if (shape.SectionVoxelCount <= TargetChunkVoxels)
        {
            int sections = (int)(TargetChunkVoxels / shape.SectionVoxelCount);
            for (int z = 0; z < shape.Z; z += sections)
            {
                chunks.Add(new Box3(new Index3(z, 0, 0), shape with { Z = Math.Min(sections, shape.Z - z) }));
            }
        }
        else
        {
            int rows = (int)Math.Max(1, TargetChunkVoxels / shape.X);
            for (int z = 0; z < shape.Z; z++)
            {
                for (int y = 0; y < shape.Y; y += rows)
                {
                    chunks.Add(new Box3(new Index3(z, y, 0), new Shape3(1, Math.Min(rows, shape.Y - y), shape.X)));
                }
            }
        }

        return [.. chunks];
    }
}
