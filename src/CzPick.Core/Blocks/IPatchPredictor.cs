using CzPick.Core.Geometry;

namespace CzPick.Core.Blocks;

/// <summary>
/// A network seen from the sliding window: one normalized patch in, one logit map per class out. Only
/// CzPick.Inference knows ONNX; the engine sees this.
/// </summary>
public interface IPatchPredictor
{
    /// <summary>Gets the number of output channels (classes, background included).</summary>
    int ChannelCount { get; }

    /// <summary>Predicts one patch.</summary>
    /// <param name="patch">The normalized input, shape.VoxelCount long, C order.</param>
    /// <param name="shape">The patch's shape; every extent a multiple of what the network needs.</param>
    /// <param name="logits">Receives ChannelCount × shape.VoxelCount logits, channel slowest, before softmax.</param>
    void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits);
}
