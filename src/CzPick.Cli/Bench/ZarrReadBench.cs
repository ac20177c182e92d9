using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Zarr;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only zarr-read --file STORE.zarr`: OME-Zarr read plus statistics in one pass, with the chunks'
/// files in the page cache, and a block read as a worker does it. CzPick writes no Zarr, so the store comes from the
/// user (Fixtures/zarr/make_fixtures.py --benchmark writes a data-portal-like one).
/// </summary>
sealed class ZarrReadBench : IBenchSection
{
    /// <inheritdoc/>
    public string Name => "zarr-read";

    /// <inheritdoc/>
    public string Description => "OME-Zarr read + statistics of the store given with --file, cold and warm chunk cache, and a block read";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.InputFile is not string path || !Directory.Exists(path))
        {
            context.Heading("zarr-read: skipped, it needs a Zarr store: --file STORE.zarr");
            return;
        }

        BenchContext.ResetPeakMemory();
        Shape3 shape;
        using (ZarrVolume warm = await ZarrVolume.OpenAsync(path, cancellationToken: cancellationToken))
        {
            // One untimed pass puts the chunk files in the page cache, as after a download.
            await VolumeStatistics.ComputeAsync(warm, cancellationToken: cancellationToken);
            shape = warm.Info.Shape;
            context.Heading($"zarr-read: {shape} {warm.Info.ElementType}, chunks {warm.ChunkShape}, {warm.Compression}, page cache warm, {Environment.ProcessorCount} cores");
        }

        long bytes = shape.VoxelCount * sizeof(float);
        VolumeStatistics statistics = default;
        await context.TimeAsync("read + statistics (one pass)", shape.VoxelCount, bytes, async () =>
        {
            using ZarrVolume volume = await ZarrVolume.OpenAsync(path, cancellationToken: cancellationToken);
            statistics = await VolumeStatistics.ComputeAsync(volume, cancellationToken: cancellationToken);
        });
        context.Report("statistics", $"min {statistics.Min:G6}, max {statistics.Max:G6}, mean {statistics.Mean:G6}, std {statistics.StandardDeviation:G6}");

        float[] voxels = new float[shape.VoxelCount];
        using (ZarrVolume cached = await ZarrVolume.OpenAsync(path, cancellationToken: cancellationToken))
        {
            await cached.ReadAsync(Box3.Whole(shape), voxels, cancellationToken);
            await context.TimeAsync("whole volume, chunks cached", shape.VoxelCount, bytes, async () =>
                await cached.ReadAsync(Box3.Whole(shape), voxels, cancellationToken));
        }

        context.Report("peak RSS", $"{BenchContext.PeakMemoryBytes() / 1e6:F0} MB");
        Box3 block = Box3.FromBounds(Index3.Zero, new Index3(shape.Z, Math.Min(shape.Y, 384), Math.Min(shape.X, 384)));
        block = block with { Start = new Index3(0, (shape.Y - block.Size.Y) / 2, (shape.X - block.Size.X) / 2) };
        await context.TimeAsync($"block read {block.Size}, no cache", block.Size.VoxelCount, block.Size.VoxelCount * sizeof(float), async () =>
        {
            using ZarrVolume volume = await ZarrVolume.OpenAsync(path, new ZarrReadOptions { ChunkCacheBytes = 0 }, cancellationToken);
            await volume.ReadAsync(block, voxels.AsMemory(0, (int)block.Size.VoxelCount), cancellationToken);
        });
    }
}
