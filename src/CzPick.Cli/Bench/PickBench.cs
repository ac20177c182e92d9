using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only pick`: the seed's picking (threshold, distance transform, peaks, watershed, regions) of all
/// five picked classes of a 184 × 630 × 630 probability volume holding 500 planted particles and 3000 specks.
/// </summary>
sealed class PickBench : IBenchSection
{
    /// <inheritdoc/>
    public string Name => "pick";

    /// <inheritdoc/>
    public string Description => "picking all five classes of a 184×630×630 probability volume (target ≥ 100 M voxels/s)";

    /// <inheritdoc/>
    public async Task RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ParticleCatalog catalog = ParticleCatalog.Czii;
        int channels = catalog.ChannelCount;
        Shape3 shape = SyntheticTomogram.RealShape;
        using SyntheticTomogram tomogram = SyntheticTomogram.Create(shape, catalog, perType: 100, specks: 3000, seed: 1);
        float[] input = new float[shape.VoxelCount];
        await tomogram.ReadAsync(Box3.Whole(shape), input, cancellationToken);
        float[] probabilities = new float[channels * shape.VoxelCount];
        new BandPredictor(new VolumeStatistics(1, 0, 0, 0, 1), channels).Predict(input, shape, probabilities);
        input = [];
        Softmax.InPlace(probabilities, channels, shape.VoxelCount);

        Box3 whole = Box3.Whole(shape);
        Block block = new(0, whole, whole);
        IReadOnlyList<Pick> picks = [];
        context.Heading($"pick: {shape} probabilities, five classes, {tomogram.Particles.Count} particles (100 per type) and 3000 specks planted");
        double rate = await context.TimeAsync("pick", shape.VoxelCount, 4L * 5 * shape.VoxelCount, () =>
        {
            picks = BlockPicker.PickProbabilities(probabilities, shape, block, tomogram.Info.VoxelSize, catalog);
            return Task.CompletedTask;
        });

        context.Report("target", $"≥ 100 M voxels/s: {(rate >= 100 ? "met" : "not met")}");
        context.Report("picks", PlantedRecall.Of(picks, tomogram.Particles, catalog, tomogram.Info.VoxelSize).ToString());
    }
}
