namespace CzPick.Core.Blending;

/// <summary>
/// The buffers one worker needs to blend windows: the window's input, its logits and the running sum of weights.
/// They grow to the largest request and are then reused, block after block, so no window allocates.
/// </summary>
public sealed class BlendScratch
{
    /// <summary>Gets the window's input.</summary>
    internal float[] Patch { get; private set; } = [];

    /// <summary>Gets the window's logits, channel slowest.</summary>
    internal float[] Logits { get; private set; } = [];

    /// <summary>Gets the sum of weights per input voxel.</summary>
    internal float[] WeightSum { get; private set; } = [];

    /// <summary>Gets, for each column of a window, the input column it reads (mirrored where the window sticks out).</summary>
    internal int[] SourceColumns { get; private set; } = [];

    /// <summary>Gets the bytes held.</summary>
    public long Bytes => 4L * (this.Patch.LongLength + this.Logits.LongLength + this.WeightSum.LongLength);

    /// <summary>Makes sure every buffer is long enough.</summary>
    /// <param name="windowVoxels">The voxels of one window.</param>
    /// <param name="channels">The predictor's channels.</param>
    /// <param name="inputVoxels">The voxels of the input being blended.</param>
    /// <param name="windowColumns">The window's extent along x.</param>
    internal void Ensure(long windowVoxels, int channels, long inputVoxels, int windowColumns)
    {
        if (this.SourceColumns.Length < windowColumns)
        {
            this.SourceColumns = new int[windowColumns];
        }

        this.Patch = Grow(this.Patch, windowVoxels);
        this.Logits = Grow(this.Logits, windowVoxels * channels);
        this.WeightSum = Grow(this.WeightSum, inputVoxels);
    }

    internal static float[] Grow(float[] buffer, long length) =>
        buffer.LongLength >= length ? buffer : new float[checked((int)length)];
}
