namespace CzPick.Pipeline.Contracts;

/// <summary>
/// How one run is driven: block timeouts, re-sends and activity retries. It travels in the orchestration's input
/// so that a replay sees the values the run started with, whatever the configuration says later.
/// </summary>
/// <param name="BlockTimeoutSeconds">
/// How long the run waits without any block finishing before it sends the missing blocks again.
/// </param>
/// <param name="MaxBlockAttempts">How many times a block is sent in all (first send included) before the run fails.</param>
/// <param name="ActivityAttempts">How many times an activity is tried in all before its failure fails the run.</param>
/// <param name="FirstRetrySeconds">The first retry's delay; each later one doubles, up to one minute.</param>
/// <param name="DispatchBatchSize">Blocks sent by one <c>DispatchBlocks</c> activity.</param>
/// <param name="BlockCount">
/// The least number of blocks a tomogram is cut into (the engine's <c>BlockPlanOptions.BlockCount</c>): the most
/// workers one run can keep busy. Each block's input is at least the model's window, so with the seed's 160×384×384
/// window a 184×630×630 tomogram in 4 blocks predicts exactly the windows one whole-volume pass would.
/// </param>
public sealed record RunSettings(
    int BlockTimeoutSeconds = 600,
    int MaxBlockAttempts = 3,
    int ActivityAttempts = 5,
    double FirstRetrySeconds = 2,
    int DispatchBatchSize = 64,
    int BlockCount = 4)
{
    /// <summary>Checks that every value is usable, so that a bad setting fails when the run starts, not mid-way.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.BlockTimeoutSeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.MaxBlockAttempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.ActivityAttempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.FirstRetrySeconds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.DispatchBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(this.BlockCount);
    }
}
