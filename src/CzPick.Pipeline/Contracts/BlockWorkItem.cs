using CzPick.Core.Blocks;
using CzPick.Core.Volumes;

namespace CzPick.Pipeline.Contracts;

/// <summary>
/// One work queue message: everything a worker needs to pick one block, a few hundred bytes. Its message id,
/// <see cref="MessageId"/>, makes a repeated send of the same attempt a duplicate that the broker drops.
/// </summary>
/// <param name="Instance">The orchestration instance id.</param>
/// <param name="Run">The run name.</param>
/// <param name="Tomogram">The tomogram blob.</param>
/// <param name="ETag">The tomogram's ETag; the worker reads exactly that version.</param>
/// <param name="Ensemble">The model ensemble.</param>
/// <param name="Block">The block: its index, core and input region.</param>
/// <param name="Statistics">The whole volume's statistics, for the z-score.</param>
/// <param name="Attempt">Which send of this block this is, from 1.</param>
public sealed record BlockWorkItem(
    string Instance,
    string Run,
    string Tomogram,
    string ETag,
    string Ensemble,
    Block Block,
    VolumeStatistics Statistics,
    int Attempt)
{
    /// <summary>
    /// Gets the message id, <c>{instance}:{block}:{attempt}</c>. The attempt is part of it because a re-send after a
    /// timeout must not be dropped by the broker's duplicate detection, while a retried dispatch of the same attempt
    /// must be.
    /// </summary>
    public string MessageId => $"{this.Instance}:{this.Block.Index}:{this.Attempt}";
}
