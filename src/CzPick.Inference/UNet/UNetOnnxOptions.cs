namespace CzPick.Inference.UNet;

/// <summary>How a UNet becomes an ONNX graph.</summary>
public sealed record UNetOnnxOptions
{
    /// <summary>
    /// Gets a value indicating whether PReLU (one slope) is written as LeakyRelu with that slope as alpha: exact for
    /// any slope, and about 10% faster on ONNX Runtime's CPU provider than PRelu. Defaults to true.
    /// </summary>
    public bool PReluAsLeakyRelu { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether a transposed convolution with stride 1 (MONAI's up layer below the last
    /// stride-2 level) is written as the equivalent convolution: flipped kernel, channels swapped. The same products
    /// summed in another order, so equal to float rounding; ONNX Runtime's CPU Conv runs it faster than ConvTranspose.
    /// Defaults to true.
    /// </summary>
    public bool StrideOneTransposedAsConv { get; init; } = true;
}
