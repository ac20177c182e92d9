using CzPick.Core.Geometry;
using CzPick.Core.Volumes;
using CzPick.Core.Volumes.Mrc;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only read`: MRC read plus statistics in one pass (the z-score's pass over a whole tomogram), and
/// a block read as a worker does it, on a real-size float32 tomogram (184 × 630 × 630) in the page cache.
/// </summary>
sealed class MrcReadBench : IBenchSection
{
    static readonly Shape3 TomogramShape = new(184, 630, 630);

    /// <inheritdoc/>
    public string Name => "read";

    /// <inheritdoc/>
    public string Description => "MRC read + statistics of a 184×630×630 float32 tomogram (page cache warm), and a block read";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (context.InputFile is string input && Directory.Exists(input))
        {
            context.Heading("read: skipped, --file is a Zarr store (see zarr-read)");
            return;
        }

        string? generated = null;
        string path = context.InputFile ?? (generated = await GenerateAsync(cancellationToken));
        try
        {
            BenchContext.ResetPeakMemory();
            using (MrcReader warm = MrcFile.Open(path))
            {
                // One untimed pass puts the file in the page cache, as after a download.
                await VolumeStatistics.ComputeAsync(warm, cancellationToken: cancellationToken);
            }

            Shape3 shape;
            long dataBytes;
            using (MrcReader reader = MrcFile.Open(path))
            {
                shape = reader.Info.Shape;
                dataBytes = reader.Header.DataBytes;
                context.Heading($"read: MRC read + statistics, {shape} {reader.Info.ElementType}, {dataBytes / 1e6:F1} MB, page cache warm, {Environment.ProcessorCount} cores");
            }

            VolumeStatistics statistics = default;
            await context.TimeAsync("read + statistics (one pass)", shape.VoxelCount, dataBytes, async () =>
            {
                using MrcReader reader = MrcFile.Open(path);
                statistics = await VolumeStatistics.ComputeAsync(reader, cancellationToken: cancellationToken);
            });
            context.Report("statistics", $"min {statistics.Min:G6}, max {statistics.Max:G6}, mean {statistics.Mean:G6}, std {statistics.StandardDeviation:G6}");
            context.Report("peak RSS (read + statistics)", $"{BenchContext.PeakMemoryBytes() / 1e6:F0} MB");

            Box3 block = Box3.FromBounds(Index3.Zero, new Index3(shape.Z, Math.Min(shape.Y, 384), Math.Min(shape.X, 384)));
            block = block with { Start = new Index3(0, (shape.Y - block.Size.Y) / 2, (shape.X - block.Size.X) / 2) };
            float[] voxels = new float[block.Size.VoxelCount];
            using MrcReader blockReader = MrcFile.Open(path);
            await context.TimeAsync($"block read {block.Size}", block.Size.VoxelCount, block.Size.VoxelCount * dataBytes / shape.VoxelCount, async () =>
                await blockReader.ReadAsync(block, voxels, cancellationToken));
            context.Report("peak RSS (with the block buffer)", $"{BenchContext.PeakMemoryBytes() / 1e6:F0} MB");
        }
        finally
        {
            if (generated is not null)
            {
                File.Delete(generated);
            }
        }
    }

    /// <summary>Writes a noise tomogram of the real size to a temporary file, section by section.</summary>
    static async Task<string> GenerateAsync(CancellationToken cancellationToken)
    {
        string path = Path.Combine(Path.GetTempPath(), $"czpick-bench-{Environment.ProcessId}.mrc");
        Random random = new(184);
        float[] section = new float[TomogramShape.SectionVoxelCount];
        await using MrcWriter writer = MrcWriter.Create(path, TomogramShape, VoxelSizeAngstrom.Isotropic(VoxelSizeAngstrom.CziiSpacing), new MrcWriteOptions { Overwrite = true });
        for (int z = 0; z < TomogramShape.Z; z++)
        {
            for (int i = 0; i < section.Length; i++)
            {
                section[i] = random.NextSingle() + random.NextSingle() - 1f;
            }

            await writer.WriteSectionsAsync(section, cancellationToken);
        }

        await writer.CompleteAsync(cancellationToken);
        return path;
    }
}
