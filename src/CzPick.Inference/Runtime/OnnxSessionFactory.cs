using System.Text.RegularExpressions;
using CzPick.Inference.Onnx;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace CzPick.Inference.Runtime;

/// <summary>
/// Makes ONNX Runtime sessions on one execution provider, chosen once when the factory is made: TensorRT (fp16,
/// engine cache) with CUDA behind it, CUDA, or the CPU. With <see cref="ExecutionDevice.Auto"/>, providers whose
/// libraries are absent are passed over and the fall-back to the CPU is logged in one line; a provider asked for by
/// name that cannot load is an <see cref="ExecutionProviderException"/> naming the missing library.
/// </summary>
public sealed partial class OnnxSessionFactory : IDisposable
{
    readonly SessionOptions sessionOptions;

    /// <summary>Initializes a new instance of the <see cref="OnnxSessionFactory"/> class and chooses the provider.</summary>
    /// <param name="options">The device, threads and provider settings.</param>
    /// <param name="logger">Receives the fall-back line; null for none.</param>
    /// <exception cref="ExecutionProviderException">A GPU device asked for by name cannot be loaded.</exception>
    public OnnxSessionFactory(InferenceOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.Options = options;
        (this.sessionOptions, this.Device) = Configure(options, logger ?? NullLogger.Instance);
    }

    /// <summary>Gets the options.</summary>
    public InferenceOptions Options { get; }

    /// <summary>Gets the device chosen: <see cref="ExecutionDevice.Cpu"/>, <see cref="ExecutionDevice.Cuda"/> or <see cref="ExecutionDevice.TensorRt"/>.</summary>
    public ExecutionDevice Device { get; }

    /// <summary>Creates a session for a model.</summary>
    /// <param name="model">The ModelProto bytes.</param>
    /// <param name="sourceName">The model's file, for messages.</param>
    /// <returns>The session; the caller disposes it.</returns>
    /// <exception cref="OnnxFormatException">ONNX Runtime cannot load the model.</exception>
    public InferenceSession Create(byte[] model, string sourceName)
    {
        try
        {
            return new InferenceSession(model, this.sessionOptions);
        }
        catch (OnnxRuntimeException error)
        {
            throw new OnnxFormatException(sourceName, $"ONNX Runtime cannot load it: {error.Message.Trim()}", error);
        }
    }

    /// <summary>Releases the session options.</summary>
    public void Dispose() => this.sessionOptions.Dispose();

    /// <summary>
    /// Returns the TensorRT provider's settings: fp16 engines as the competition's winners ran them, and engine and
    /// timing caches on disk so that a model and window shape is compiled once, not on every start.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>ONNX Runtime's option names and values.</returns>
    internal static Dictionary<string, string> TensorRtProviderOptions(InferenceOptions options) => new(StringComparer.Ordinal)
    {
        ["device_id"] = options.GpuDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["trt_fp16_enable"] = options.TensorRtFp16 ? "1" : "0",
        ["trt_engine_cache_enable"] = "1",
        ["trt_engine_cache_path"] = options.TensorRtEngineCacheDirectory,
        ["trt_timing_cache_enable"] = "1",
        ["trt_timing_cache_path"] = options.TensorRtEngineCacheDirectory,
    };

    /// <summary>Returns the CUDA provider's settings.</summary>
    /// <param name="options">The options.</param>
    /// <returns>ONNX Runtime's option names and values.</returns>
    internal static Dictionary<string, string> CudaProviderOptions(InferenceOptions options) => new(StringComparer.Ordinal)
    {
        ["device_id"] = options.GpuDeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Returns the CPU settings every session shares, whatever the provider.</summary>
    /// <param name="options">The options.</param>
    /// <returns>New session options; the caller disposes them.</returns>
    internal static SessionOptions CreateCpuSessionOptions(InferenceOptions options)
    {
        SessionOptions session = new()
        {
            IntraOpNumThreads = options.EffectiveIntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = options.CpuMemoryArena,
            EnableMemoryPattern = options.MemoryPattern,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };

        // Between windows the engine blends on every core; spinning intra-op threads would take those cores from it.
        session.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return session;
    }

    static (SessionOptions Options, ExecutionDevice Device) Configure(InferenceOptions options, ILogger logger)
    {
        SessionOptions session = CreateCpuSessionOptions(options);
        try
        {
            ExecutionDevice device = options.Device switch
            {
                ExecutionDevice.Cpu => ExecutionDevice.Cpu,
                ExecutionDevice.Cuda => TryAppendCuda(session, options) is string reason ? throw Unavailable(ExecutionDevice.Cuda, reason) : ExecutionDevice.Cuda,
                ExecutionDevice.TensorRt => TryAppendTensorRt(session, options) is string reason ? throw Unavailable(ExecutionDevice.TensorRt, reason) : ExecutionDevice.TensorRt,
                _ => ChooseAutomatically(session, options, logger),
            };
            InferenceLog.Running(logger, device.Name());
            return (session, device);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    static ExecutionDevice ChooseAutomatically(SessionOptions session, InferenceOptions options, ILogger logger)
    {
        string? tensorRt = TryAppendTensorRt(session, options);
        if (tensorRt is null)
        {
            return ExecutionDevice.TensorRt;
        }

        string? cuda = TryAppendCuda(session, options);
        if (cuda is null)
        {
            return ExecutionDevice.Cuda;
        }

        InferenceLog.FellBackToCpu(logger, $"TensorRT: {tensorRt}; CUDA: {cuda}", options.EffectiveIntraOpThreads);
        return ExecutionDevice.Cpu;
    }

    /// <summary>Appends TensorRT, then CUDA for the nodes TensorRT leaves; returns why not, or null when both are in.</summary>
    static string? TryAppendTensorRt(SessionOptions session, InferenceOptions options)
    {
        try
        {
            // Setting the options loads the provider library, so a missing CUDA or TensorRT library fails here,
            // with its name in the message, before anything is appended.
            using OrtTensorRTProviderOptions tensorRt = new();
            tensorRt.UpdateOptions(TensorRtProviderOptions(options));
            using OrtCUDAProviderOptions cuda = new();
            cuda.UpdateOptions(CudaProviderOptions(options));
            Directory.CreateDirectory(options.TensorRtEngineCacheDirectory);
            session.AppendExecutionProvider_Tensorrt(tensorRt);
            session.AppendExecutionProvider_CUDA(cuda);
            return null;
        }
        catch (OnnxRuntimeException error)
        {
            return Reason(error.Message);
        }
    }

    /// <summary>Appends CUDA; returns why not, or null when it is in.</summary>
    static string? TryAppendCuda(SessionOptions session, InferenceOptions options)
    {
        try
        {
            using OrtCUDAProviderOptions cuda = new();
            cuda.UpdateOptions(CudaProviderOptions(options));
            session.AppendExecutionProvider_CUDA(cuda);
            return null;
        }
        catch (OnnxRuntimeException error)
        {
            return Reason(error.Message);
        }
    }

    static ExecutionProviderException Unavailable(ExecutionDevice device, string reason) => new(
        device,
        $"The {(device == ExecutionDevice.Cuda ? "CUDA" : "TensorRT")} execution provider could not be loaded: {reason}. " +
        $"It needs the CUDA 13 runtime, cuBLAS and cuDNN 9{(device == ExecutionDevice.TensorRt ? " and TensorRT 10" : string.Empty)} on the library path " +
        "(LD_LIBRARY_PATH); use device cpu, or auto to fall back to the CPU.");

    /// <summary>Turns ONNX Runtime's error into a short reason: the missing library when that is the cause.</summary>
    internal static string Reason(string error)
    {
        Match missing = MissingLibrary().Match(error);
        return missing.Success
            ? $"{missing.Groups["library"].Value} not found"
            : error.Trim().Split('\n')[0];
    }

    [GeneratedRegex(@"(?<library>lib[^\s:/]+\.so[.0-9]*): cannot open shared object file")]
    private static partial Regex MissingLibrary();
}
