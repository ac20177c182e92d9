namespace CzPick.Inference.UNet;

/// <summary>
/// A MONAI <c>UNet</c> as the seed model configures it: 3-D, kernel and up-kernel 3 by default, InstanceNorm without
/// affine parameters, one PReLU slope per activation, norm → dropout → activation, and the last up unit
/// convolution-only. Any channels, strides and residual-unit count are allowed, so small test networks share the
/// code of the seed's tiny, medium and big variants.
/// </summary>
public sealed class UNetArchitecture
{
    readonly Lazy<UNetLayout> layout;

    /// <summary>Initializes a new instance of the <see cref="UNetArchitecture"/> class.</summary>
    /// <param name="name">A short name used in messages and model descriptions.</param>
    /// <param name="channels">The channels of each level, top first (MONAI's <c>channels</c>); at least two.</param>
    /// <param name="strides">The down-sampling stride after each level but the last (MONAI's <c>strides</c>).</param>
    /// <param name="residualUnits">MONAI's <c>num_res_units</c>; 0 builds plain convolutions.</param>
    /// <param name="inputChannels">The input channels.</param>
    /// <param name="outputChannels">The output channels (classes).</param>
    /// <param name="kernelSize">The odd kernel size of the convolutions.</param>
    /// <param name="upKernelSize">The odd kernel size of the transposed convolutions.</param>
    /// <exception cref="ArgumentException">The configuration is not a valid MONAI UNet.</exception>
    public UNetArchitecture(
        string name,
        IReadOnlyList<int> channels,
        IReadOnlyList<int> strides,
        int residualUnits,
        int inputChannels = 1,
        int outputChannels = 7,
        int kernelSize = 3,
        int upKernelSize = 3)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(channels);
        ArgumentNullException.ThrowIfNull(strides);
        if (channels.Count < 2 || channels.Any(c => c <= 0))
        {
            throw new ArgumentException($"A UNet needs at least two positive channel counts, not ({string.Join(", ", channels)}).", nameof(channels));
        }

        if (strides.Count != channels.Count - 1 || strides.Any(s => s <= 0))
        {
            throw new ArgumentException($"A UNet with {channels.Count} levels needs {channels.Count - 1} positive strides, not ({string.Join(", ", strides)}).", nameof(strides));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(residualUnits);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputChannels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputChannels);
        if (kernelSize <= 0 || kernelSize % 2 == 0 || upKernelSize <= 0 || upKernelSize % 2 == 0)
        {
            throw new ArgumentException($"Kernel sizes must be odd and positive (same padding), not {kernelSize} and {upKernelSize}.", nameof(kernelSize));
        }

        this.Name = name;
        this.Channels = [.. channels];
        this.Strides = [.. strides];
        this.ResidualUnits = residualUnits;
        this.InputChannels = inputChannels;
        this.OutputChannels = outputChannels;
        this.KernelSize = kernelSize;
        this.UpKernelSize = upKernelSize;
        this.layout = new Lazy<UNetLayout>(() => UNetLayout.Create(this));
    }

    /// <summary>Gets the seed's tiny UNet: channels (32, 64, 128, 128), one residual unit, 1,489,474 parameters.</summary>
    public static UNetArchitecture Tiny { get; } = new("tiny", [32, 64, 128, 128], [2, 2, 1], 1);

    /// <summary>Gets the seed's medium UNet: channels (32, 64, 128, 256), two residual units, 4,536,742 parameters.</summary>
    public static UNetArchitecture Medium { get; } = new("medium", [32, 64, 128, 256], [2, 2, 1], 2);

    /// <summary>Gets the seed's big UNet: channels (32, 96, 256, 384), two residual units, 11,752,774 parameters.</summary>
    public static UNetArchitecture Big { get; } = new("big", [32, 96, 256, 384], [2, 2, 1], 2);

    /// <summary>Gets the seed's architectures: tiny, medium, big.</summary>
    public static IReadOnlyList<UNetArchitecture> Seed { get; } = [Tiny, Medium, Big];

    /// <summary>Gets the short name.</summary>
    public string Name { get; }

    /// <summary>Gets the channels of each level, top first.</summary>
    public IReadOnlyList<int> Channels { get; }

    /// <summary>Gets the stride after each level but the last.</summary>
    public IReadOnlyList<int> Strides { get; }

    /// <summary>Gets MONAI's <c>num_res_units</c>.</summary>
    public int ResidualUnits { get; }

    /// <summary>Gets the input channels.</summary>
    public int InputChannels { get; }

    /// <summary>Gets the output channels.</summary>
    public int OutputChannels { get; }

    /// <summary>Gets the convolution kernel size.</summary>
    public int KernelSize { get; }

    /// <summary>Gets the transposed-convolution kernel size.</summary>
    public int UpKernelSize { get; }

    /// <summary>Gets the number every spatial input extent must be a multiple of: the product of the strides.</summary>
    public int SpatialMultiple => this.Strides.Aggregate(1, (product, stride) => product * stride);

    /// <summary>Gets the learned tensors in PyTorch's state-dict order, keyed as MONAI names them (<c>model.0…</c>).</summary>
    public IReadOnlyList<UNetParameter> Parameters => this.layout.Value.Parameters;

    /// <summary>Gets the total number of learned values.</summary>
    public long ParameterCount => this.Parameters.Sum(p => p.ElementCount);

    /// <summary>Gets every convolution, in state-dict order.</summary>
    internal IReadOnlyList<ConvModule> Convolutions => this.layout.Value.Convolutions;

    /// <summary>Gets the module tree the ONNX builder walks.</summary>
    internal UNetModule Root => this.layout.Value.Root;

    /// <summary>
    /// Returns the floating-point operations of every convolution for one input patch: 2·C_in·C_out·k³ per output
    /// voxel of a convolution, and per input voxel of a transposed convolution (each input voxel scatters k³ taps),
    /// the usual count for achieved GFLOP/s. Norms, activations, additions and concatenations are left out.
    /// </summary>
    /// <param name="depth">The patch depth, a multiple of <see cref="SpatialMultiple"/>.</param>
    /// <param name="height">The patch height, a multiple of <see cref="SpatialMultiple"/>.</param>
    /// <param name="width">The patch width, a multiple of <see cref="SpatialMultiple"/>.</param>
    /// <returns>The operation count for a batch of one.</returns>
    public double ConvolutionFlops(int depth, int height, int width)
    {
        int multiple = this.SpatialMultiple;
        if (depth <= 0 || height <= 0 || width <= 0 || depth % multiple != 0 || height % multiple != 0 || width % multiple != 0)
        {
            throw new ArgumentException($"Patch extents must be positive multiples of {multiple}, not {depth}×{height}×{width}.");
        }

        return UNetLayout.ConvolutionFlops(this.Root, (double)depth * height * width);
    }

    /// <summary>Returns a seed architecture by name.</summary>
    /// <param name="name">tiny, medium or big (any case).</param>
    /// <returns>The architecture.</returns>
    /// <exception cref="ArgumentException">The name is not a seed architecture.</exception>
    public static UNetArchitecture FromName(string name) =>
        Seed.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown UNet architecture '{name}'; expected one of {string.Join(", ", Seed.Select(a => a.Name))}.", nameof(name));

    /// <summary>Returns the name and configuration, e.g. <c>tiny (channels 32,64,128,128; strides 2,2,1; 1 residual units)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        $"{this.Name} (channels {string.Join(",", this.Channels)}; strides {string.Join(",", this.Strides)}; {this.ResidualUnits} residual units)";
}

/// <summary>One learned tensor of a UNet.</summary>
/// <param name="Key">The state-dict key as MONAI's UNet names it, e.g. <c>model.0.conv.unit0.conv.weight</c>.</param>
/// <param name="Shape">The tensor's shape.</param>
public readonly record struct UNetParameter(string Key, IReadOnlyList<int> Shape)
{
    /// <summary>Gets the number of values.</summary>
    public long ElementCount => this.Shape.Aggregate(1L, (product, extent) => product * extent);
}
