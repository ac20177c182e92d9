using CzPick.Core.Blending;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Core.Particles;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;

namespace CzPick.Cli.Bench;

/// <summary>
/// `czpick bench --only pick`: the seed's picking (distance transform, peaks, watershed, regions) of all five picked
/// classes of a 184 × 630 × 630 probability volume holding 500 planted particles and 3000 specks, as the block
/// picker runs it: the softmax marks each class's voxels above its threshold while it computes the probabilities,
/// and the picker starts from those marks. Both are timed, so the threshold's cost is not hidden.
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
        long voxels = shape.VoxelCount;
        using SyntheticTomogram tomogram = SyntheticTomogram.Create(shape, catalog, perType: 100, specks: 3000, seed: 1);
        float[] input = new float[voxels];
        await tomogram.ReadAsync(Box3.Whole(shape), input, cancellationToken);
        BandPredictor predictor = new(new VolumeStatistics(1, 0, 0, 0, 1), channels);
        float[] probabilities = new float[channels * voxels];
        ClassMasks masks = new(catalog);
        context.Heading($"pick: {shape}, five classes, {tomogram.Particles.Count} particles (100 per type) and 3000 specks planted");

        // Softmax of softmax does the same work, so the passes need no fresh copy of the logits; the picker then gets
        // the probabilities and masks of one softmax of the real logits.
        predictor.Predict(input, shape, probabilities);
        double softmax = await context.TimeAsync("softmax + foreground masks", voxels, 8L * channels * voxels, () =>
        {
            Softmax.InPlace(probabilities, channels, shape, masks);
            return Task.CompletedTask;
        });
        predictor.Predict(input, shape, probabilities);
        Softmax.InPlace(probabilities, channels, shape, masks);
        input = [];

        Box3 whole = Box3.Whole(shape);
        Block block = new(0, whole, whole);
        IReadOnlyList<Pick> picks = [];

        // Untimed passes first: the JIT's tiers (with dynamic PGO, worth 2× here) settle as in a long-running picker.
        for (int warm = 0; warm < 2; warm++)
        {
            BlockPicker.PickProbabilities(probabilities, shape, block, tomogram.Info.VoxelSize, catalog, masks);
        }

        double pick = await context.TimeAsync("pick (from the masks)", voxels, voxels / 8 * 5, () =>
        {
            picks = BlockPicker.PickProbabilities(probabilities, shape, block, tomogram.Info.VoxelSize, catalog, masks);
            return Task.CompletedTask;
        });

        double together = 1 / ((1 / softmax) + (1 / pick));
        context.Report("target", $"≥ 100 M voxels/s for picking: {(pick >= 100 ? "met" : "not met")}; softmax + pick together {together:F0} M voxels/s");
        context.Report("picks", PlantedRecall.Of(picks, tomogram.Particles, catalog, tomogram.Info.VoxelSize).ToString());
    }
}
