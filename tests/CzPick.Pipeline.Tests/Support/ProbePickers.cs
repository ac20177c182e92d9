using System.Numerics.Tensors;
using CzPick.Core.Blocks;
using CzPick.Core.Picking;
using CzPick.Core.Volumes;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Tests.Support;

/// <summary>
/// A trivial real block picker for the worker's tests: it reads the block's whole input from the source and returns
/// one pick at the centre of the core whose score is the mean z-score of the input, so a test can compute the expected
/// pick from the volume it uploaded and prove the worker read exactly the slab, with the run's statistics.
/// </summary>
sealed class ProbePickers : IEnsemblePickers, IBlockPicker
{
    int calls;

    /// <summary>Gets how many blocks were picked.</summary>
    public int Calls => Volatile.Read(ref this.calls);

    /// <summary>Gets or sets what a pick does before returning, e.g. throw or wait.</summary>
    public Func<Block, CancellationToken, Task> Before { get; set; } = (block, cancellationToken) => Task.CompletedTask;

    public string? Ensemble { get; private set; }

    public static Pick Expected(DenseVolume volume, Block block, VolumeStatistics statistics)
    {
        float[] input = new float[block.Input.Size.VoxelCount];
        volume.ReadAsync(block.Input, input).AsTask().GetAwaiter().GetResult();
        return Probe(input, block, statistics, volume.Info.VoxelSize);
    }

    public Task<IBlockPicker> GetAsync(string ensemble, CancellationToken cancellationToken = default)
    {
        this.Ensemble = ensemble;
        return Task.FromResult<IBlockPicker>(this);
    }

    public async Task<IReadOnlyList<Pick>> PickAsync(IVolumeSource source, Block block, VolumeStatistics statistics, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref this.calls);
        await this.Before(block, cancellationToken);
        float[] input = new float[block.Input.Size.VoxelCount];
        await source.ReadAsync(block.Input, input, cancellationToken);
        return [Probe(input, block, statistics, source.Info.VoxelSize)];
    }

    static Pick Probe(float[] input, Block block, VolumeStatistics statistics, VoxelSizeAngstrom voxelSize)
    {
        ZScore.Apply(input, statistics);
        float mean = TensorPrimitives.Sum<float>(input) / input.Length;
        return new Pick(
            "ribosome",
            (block.Core.Start.X + (block.Core.Size.X / 2.0)) * voxelSize.X,
            (block.Core.Start.Y + (block.Core.Size.Y / 2.0)) * voxelSize.Y,
            (block.Core.Start.Z + (block.Core.Size.Z / 2.0)) * voxelSize.Z,
            mean);
    }
}
