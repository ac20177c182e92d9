namespace CzPick.Inference.UNet;

/// <summary>A module of MONAI's UNet, named by its state-dict path.</summary>
/// <param name="Key">The module's path in the state dict, e.g. <c>model.1.submodule</c>.</param>
abstract record UNetModule(string Key);

/// <summary>A bare <c>Conv3d</c> or <c>ConvTranspose3d</c> with bias; its tensors are <c>Key.weight</c> and <c>Key.bias</c>.</summary>
/// <param name="Key">The module path.</param>
/// <param name="InputChannels">The input channels.</param>
/// <param name="OutputChannels">The output channels.</param>
/// <param name="KernelSize">The cubic kernel's edge.</param>
/// <param name="Stride">The stride on every axis.</param>
/// <param name="Transposed">Whether this is a transposed convolution (weight laid out in × out × k³).</param>
sealed record ConvModule(string Key, int InputChannels, int OutputChannels, int KernelSize, int Stride, bool Transposed) : UNetModule(Key)
{
    /// <summary>Gets the "same" padding MONAI uses: (k − 1) / 2 on each side.</summary>
    public int Padding => (this.KernelSize - 1) / 2;

    /// <summary>Gets the extra output of a transposed convolution: stride − 1, so that it exactly inverts the stride.</summary>
    public int OutputPadding => this.Transposed ? this.Stride - 1 : 0;

    /// <summary>Gets the weight key.</summary>
    public string WeightKey => this.Key + ".weight";

    /// <summary>Gets the bias key.</summary>
    public string BiasKey => this.Key + ".bias";

    /// <summary>Gets the weight shape as PyTorch stores it.</summary>
    public int[] WeightShape => this.Transposed
        ? [this.InputChannels, this.OutputChannels, this.KernelSize, this.KernelSize, this.KernelSize]
        : [this.OutputChannels, this.InputChannels, this.KernelSize, this.KernelSize, this.KernelSize];
}

/// <summary>
/// MONAI's <c>Convolution</c>: a convolution followed, unless it is conv-only, by InstanceNorm (no affine), dropout
/// (identity at inference) and PReLU with one slope at <c>Key.adn.A.weight</c>.
/// </summary>
/// <param name="Key">The module path.</param>
/// <param name="Conv">The convolution, at <c>Key.conv</c>.</param>
/// <param name="ConvOnly">Whether the norm and activation are left out.</param>
sealed record ConvolutionModule(string Key, ConvModule Conv, bool ConvOnly) : UNetModule(Key)
{
    /// <summary>Gets the PReLU slope key.</summary>
    public string SlopeKey => this.Key + ".adn.A.weight";
}

/// <summary>MONAI's <c>ResidualUnit</c>: sub-units in sequence plus the input, passed through a convolution when the
/// channels or the size change.</summary>
/// <param name="Key">The module path.</param>
/// <param name="Units">The sub-units, at <c>Key.conv.unit{i}</c>.</param>
/// <param name="Residual">The residual convolution at <c>Key.residual</c>, or null for the identity.</param>
sealed record ResidualUnitModule(string Key, IReadOnlyList<ConvolutionModule> Units, ConvModule? Residual) : UNetModule(Key);

/// <summary>A <c>torch.nn.Sequential</c>: children at <c>Key.{i}</c>.</summary>
/// <param name="Key">The module path.</param>
/// <param name="Layers">The children.</param>
sealed record SequentialModule(string Key, IReadOnlyList<UNetModule> Layers) : UNetModule(Key);

/// <summary>MONAI's <c>SkipConnection</c>: <c>cat([x, inner(x)], dim=1)</c>; the inner module is at <c>Key.submodule</c>.</summary>
/// <param name="Key">The module path.</param>
/// <param name="Inner">The wrapped module.</param>
sealed record SkipConnectionModule(string Key, UNetModule Inner) : UNetModule(Key);

/// <summary>
/// The module tree of a MONAI UNet, built the way <c>monai.networks.nets.UNet</c> recurses (<c>_create_block</c>,
/// <c>_get_down_layer</c>, <c>_get_up_layer</c>, <c>_get_bottom_layer</c>), and its parameters in state-dict order.
/// </summary>
sealed class UNetLayout
{
    readonly UNetArchitecture architecture;

    UNetLayout(UNetArchitecture architecture)
    {
        this.architecture = architecture;
        this.Root = this.CreateBlock(
            "model", architecture.InputChannels, architecture.OutputChannels, 0, isTop: true);
        List<UNetParameter> parameters = [];
        List<ConvModule> convolutions = [];
        CollectParameters(this.Root, parameters, convolutions);
        this.Parameters = parameters;
        this.Convolutions = convolutions;
    }

    /// <summary>Gets the root: MONAI's <c>UNet.model</c>.</summary>
    public UNetModule Root { get; }

    /// <summary>Gets the learned tensors in state-dict order.</summary>
    public IReadOnlyList<UNetParameter> Parameters { get; }

    /// <summary>Gets every convolution, in state-dict order.</summary>
    public IReadOnlyList<ConvModule> Convolutions { get; }

    /// <summary>Builds the layout of an architecture.</summary>
    public static UNetLayout Create(UNetArchitecture architecture) => new(architecture);

    /// <summary>Returns the convolution FLOPs of a module fed <paramref name="voxels"/> voxels per channel.</summary>
    public static double ConvolutionFlops(UNetModule module, double voxels) => FlopsAndOutputVoxels(module, voxels).Flops;

    static (double Flops, double OutputVoxels) FlopsAndOutputVoxels(UNetModule module, double voxels)
    {
        switch (module)
        {
            case ConvModule conv:
                double scale = Math.Pow(conv.Stride, 3);
                double taps = 2.0 * conv.InputChannels * conv.OutputChannels * Math.Pow(conv.KernelSize, 3);
                return conv.Transposed ? (taps * voxels, voxels * scale) : (taps * voxels / scale, voxels / scale);
            case ConvolutionModule convolution:
                return FlopsAndOutputVoxels(convolution.Conv, voxels);
            case ResidualUnitModule unit:
                (double flops, double output) = unit.Units.Aggregate((0.0, voxels), (state, subunit) =>
                {
                    (double f, double v) = FlopsAndOutputVoxels(subunit, state.Item2);
                    return (state.Item1 + f, v);
                });
                return (flops + (unit.Residual is null ? 0 : FlopsAndOutputVoxels(unit.Residual, voxels).Flops), output);
            case SequentialModule sequential:
                return sequential.Layers.Aggregate((0.0, voxels), (state, layer) =>
                {
                    (double f, double v) = FlopsAndOutputVoxels(layer, state.Item2);
                    return (state.Item1 + f, v);
                });
            case SkipConnectionModule skip:
                // The concatenation keeps the size: the inner module's output has its input's extent.
                return (FlopsAndOutputVoxels(skip.Inner, voxels).Flops, voxels);
            default:
                throw new InvalidOperationException($"Unknown UNet module {module.GetType().Name}.");
        }
    }

    static void CollectParameters(UNetModule module, List<UNetParameter> parameters, List<ConvModule> convolutions)
    {
        switch (module)
        {
            case ConvModule conv:
                convolutions.Add(conv);
                parameters.Add(new UNetParameter(conv.WeightKey, conv.WeightShape));
                parameters.Add(new UNetParameter(conv.BiasKey, [conv.OutputChannels]));
                break;
            case ConvolutionModule convolution:
                CollectParameters(convolution.Conv, parameters, convolutions);
                if (!convolution.ConvOnly)
                {
                    parameters.Add(new UNetParameter(convolution.SlopeKey, [1]));
                }

                break;
            case ResidualUnitModule residualUnit:
                foreach (ConvolutionModule unit in residualUnit.Units)
                {
                    CollectParameters(unit, parameters, convolutions);
                }

                if (residualUnit.Residual is not null)
                {
                    CollectParameters(residualUnit.Residual, parameters, convolutions);
                }

                break;
            case SequentialModule sequential:
                foreach (UNetModule layer in sequential.Layers)
                {
                    CollectParameters(layer, parameters, convolutions);
                }

                break;
            case SkipConnectionModule skip:
                CollectParameters(skip.Inner, parameters, convolutions);
                break;
            default:
                throw new InvalidOperationException($"Unknown UNet module {module.GetType().Name}.");
        }
    }

    /// <summary>One level: down layer, skip connection around the deeper levels, up layer (MONAI's _create_block).</summary>
    UNetModule CreateBlock(string key, int inputChannels, int outputChannels, int level, bool isTop)
    {
        IReadOnlyList<int> channels = this.architecture.Channels;
        int levelChannels = channels[level];
        int stride = this.architecture.Strides[level];
        string innerKey = key + ".1.submodule";
        UNetModule inner;
        int upInputChannels;
        if (channels.Count - level > 2)
        {
            inner = this.CreateBlock(innerKey, levelChannels, levelChannels, level + 1, isTop: false);
            upInputChannels = levelChannels * 2;
        }
        else
        {
            // The next level is the bottom: a down layer with stride 1 whose output is concatenated with its input.
            inner = this.CreateDownLayer(innerKey, levelChannels, channels[level + 1], 1);
            upInputChannels = levelChannels + channels[level + 1];
        }

        return new SequentialModule(key,
        [
            this.CreateDownLayer(key + ".0", inputChannels, levelChannels, stride),
            new SkipConnectionModule(key + ".1", inner),
            this.CreateUpLayer(key + ".2", upInputChannels, outputChannels, stride, isTop),
        ]);
    }

    UNetModule CreateDownLayer(string key, int inputChannels, int outputChannels, int stride) =>
        this.architecture.ResidualUnits > 0
            ? this.CreateResidualUnit(key, inputChannels, outputChannels, stride, this.architecture.ResidualUnits, lastConvOnly: false)
            : this.CreateConvolution(key, inputChannels, outputChannels, stride, this.architecture.KernelSize, transposed: false, convOnly: false);

    UNetModule CreateUpLayer(string key, int inputChannels, int outputChannels, int stride, bool isTop)
    {
        if (this.architecture.ResidualUnits == 0)
        {
            return this.CreateConvolution(key, inputChannels, outputChannels, stride, this.architecture.UpKernelSize, transposed: true, convOnly: isTop);
        }

        return new SequentialModule(key,
        [
            this.CreateConvolution(key + ".0", inputChannels, outputChannels, stride, this.architecture.UpKernelSize, transposed: true, convOnly: false),
            this.CreateResidualUnit(key + ".1", outputChannels, outputChannels, 1, 1, lastConvOnly: isTop),
        ]);
    }

    ResidualUnitModule CreateResidualUnit(string key, int inputChannels, int outputChannels, int stride, int subunits, bool lastConvOnly)
    {
        List<ConvolutionModule> units = [];
        for (int index = 0; index < subunits; index++)
        {
            // Only the first sub-unit changes channels and strides; the rest map out → out at stride 1.
            units.Add(this.CreateConvolution(
                $"{key}.conv.unit{index}",
                index == 0 ? inputChannels : outputChannels,
                outputChannels,
                index == 0 ? stride : 1,
                this.architecture.KernelSize,
                transposed: false,
                convOnly: lastConvOnly && index == subunits - 1));
        }

        // A strided residual keeps the kernel (and padding) so it lands on the same grid; a stride-1 one is 1×1×1.
        ConvModule? residual = stride != 1 || inputChannels != outputChannels
            ? new ConvModule($"{key}.residual", inputChannels, outputChannels, stride != 1 ? this.architecture.KernelSize : 1, stride, Transposed: false)
            : null;
        return new ResidualUnitModule(key, units, residual);
    }

    ConvolutionModule CreateConvolution(string key, int inputChannels, int outputChannels, int stride, int kernelSize, bool transposed, bool convOnly) =>
        new(key, new ConvModule(key + ".conv", inputChannels, outputChannels, kernelSize, stride, transposed), convOnly);
}
