namespace CzPick.Inference.Runtime;

/// <summary>How ONNX Runtime sessions are made: the device, threads, memory and the GPU providers' settings.</summary>
public sealed record InferenceOptions
{
    /// <summary>Gets where the networks run.</summary>
    public ExecutionDevice Device { get; init; } = ExecutionDevice.Auto;

    /// <summary>Gets the threads one Run uses on the CPU; 0 for one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Gets a value indicating whether the CPU provider keeps freed activations in its arena for the next window.
    /// Defaults to true: windows all have one shape, so the arena reaches its size on the first and is reused.
    /// </summary>
    public bool CpuMemoryArena { get; init; } = true;

    /// <summary>
    /// Gets a value indicating whether ONNX Runtime plans one block for all activations of a shape (memory pattern).
    /// Defaults to false: on a 96³ tiny-UNet window the plan held a third more memory (397 vs 295 MB peak) for no
    /// measurable speed.
    /// </summary>
    public bool MemoryPattern { get; init; }

    /// <summary>
    /// Gets a value indicating whether the members and TTA passes run as one fused ONNX graph (one Run per window)
    /// instead of one Run per member and pass.
    /// </summary>
    public bool FuseMembers { get; init; }

    /// <summary>Gets the GPU the CUDA and TensorRT providers use.</summary>
    public int GpuDeviceId { get; init; }

    /// <summary>Gets a value indicating whether TensorRT builds fp16 engines (as the competition's winners ran).</summary>
    public bool TensorRtFp16 { get; init; } = true;

    /// <summary>
    /// Gets where TensorRT keeps the engines it builds, so that only the first run of a model and window shape pays
    /// for the build (minutes for a big UNet).
    /// </summary>
    public string TensorRtEngineCacheDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "czpick-tensorrt");

    /// <summary>Gets the intra-op thread count actually used.</summary>
    public int EffectiveIntraOpThreads => this.IntraOpThreads > 0 ? this.IntraOpThreads : Environment.ProcessorCount;
}
