using CzPick.Inference.Runtime;
using CzPick.Inference.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace CzPick.Inference.Tests.Runtime;

/// <summary>
/// The provider choice on the machine the tests run on. Without the CUDA 13 libraries (these machines, CI) the GPU
/// providers cannot load and the fall-back paths are what is proven; on a GPU machine the tests prove that the GPU
/// was taken instead.
/// </summary>
public sealed class OnnxSessionFactoryTests
{
    [Fact]
    public void Ctor_AutoWithoutGpuLibraries_CpuWithOneLineNamingTheMissingLibraries()
    {
        ListLogger logger = new();

        using OnnxSessionFactory factory = new(new InferenceOptions { Device = ExecutionDevice.Auto, IntraOpThreads = 2 }, logger);

        (LogLevel Level, string Message)[] warnings = [.. logger.Lines.Where(line => line.Level >= LogLevel.Warning)];
        if (factory.Device == ExecutionDevice.Cpu)
        {
            (LogLevel level, string message) = Assert.Single(warnings);
            Assert.Equal(LogLevel.Warning, level);
            Assert.Matches(@"^No GPU execution provider could be loaded \(TensorRT: .+; CUDA: .+\); running on the CPU with 2 threads$", message);
            Assert.Contains(".so", message, StringComparison.Ordinal);
        }
        else
        {
            Assert.Empty(warnings);
        }
    }

    [Theory]
    [InlineData(ExecutionDevice.Cuda, "CUDA")]
    [InlineData(ExecutionDevice.TensorRt, "TensorRT")]
    public void Ctor_ExplicitGpuWithoutItsLibraries_ErrorNamingProviderAndLibrary(ExecutionDevice device, string provider)
    {
        ExecutionProviderException? error = null;
        try
        {
            using OnnxSessionFactory factory = new(new InferenceOptions { Device = device });
            Assert.Equal(device, factory.Device);
        }
        catch (ExecutionProviderException caught)
        {
            error = caught;
        }

        if (error is not null)
        {
            Assert.Equal(device, error.Device);
            Assert.Matches($@"^The {provider} execution provider could not be loaded: lib[^ ]+\.so[.0-9]* not found\. It needs the CUDA 13 runtime", error.Message);
            Assert.EndsWith("use device cpu, or auto to fall back to the CPU.", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ctor_Cpu_NoProviderProbedNothingLogged()
    {
        ListLogger logger = new();

        using OnnxSessionFactory factory = new(new InferenceOptions { Device = ExecutionDevice.Cpu }, logger);

        Assert.Equal(ExecutionDevice.Cpu, factory.Device);
        Assert.DoesNotContain(logger.Lines, line => line.Level >= LogLevel.Warning);
    }

    [Fact]
    public void TensorRtProviderOptions_Defaults_Fp16AndEngineAndTimingCachesInTheCacheDirectory()
    {
        InferenceOptions options = new() { GpuDeviceId = 1, TensorRtEngineCacheDirectory = "/var/cache/czpick-trt" };

        Dictionary<string, string> settings = OnnxSessionFactory.TensorRtProviderOptions(options);

        Assert.Equal("1", settings["device_id"]);
        Assert.Equal("1", settings["trt_fp16_enable"]);
        Assert.Equal("1", settings["trt_engine_cache_enable"]);
        Assert.Equal("/var/cache/czpick-trt", settings["trt_engine_cache_path"]);
        Assert.Equal("1", settings["trt_timing_cache_enable"]);
        Assert.Equal("/var/cache/czpick-trt", settings["trt_timing_cache_path"]);
        Assert.Equal("0", OnnxSessionFactory.TensorRtProviderOptions(options with { TensorRtFp16 = false })["trt_fp16_enable"]);
        Assert.Equal("1", OnnxSessionFactory.CudaProviderOptions(options)["device_id"]);
    }

    [Fact]
    public void CreateCpuSessionOptions_Options_ThreadsArenaAndPatternAsAsked()
    {
        using SessionOptions session = OnnxSessionFactory.CreateCpuSessionOptions(new InferenceOptions { IntraOpThreads = 3, CpuMemoryArena = false, MemoryPattern = true });

        Assert.Equal((3, 1), (session.IntraOpNumThreads, session.InterOpNumThreads));
        Assert.Equal((false, true), (session.EnableCpuMemArena, session.EnableMemoryPattern));
        Assert.Equal(ExecutionMode.ORT_SEQUENTIAL, session.ExecutionMode);
        Assert.Equal(Environment.ProcessorCount, new InferenceOptions().EffectiveIntraOpThreads);
    }

    [Fact]
    public void Reason_MissingLibraryInOnnxRuntimeMessage_TheLibraryName()
    {
        // The message ONNX Runtime 1.31 gives when libonnxruntime_providers_cuda.so cannot find cuBLAS.
        const string Error = "[ErrorCode:Fail] /onnxruntime_src/onnxruntime/core/session/provider_bridge_ort.cc:2043 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get() [ONNXRuntimeError] : 1 : FAIL : Failed to load library /opt/czpick/libonnxruntime_providers_cuda.so with error: libcublasLt.so.13: cannot open shared object file: No such file or directory\n";

        Assert.Equal("libcublasLt.so.13 not found", OnnxSessionFactory.Reason(Error));
        Assert.Equal("[ErrorCode:Fail] something else", OnnxSessionFactory.Reason("[ErrorCode:Fail] something else\nmore"));
    }

    [Theory]
    [InlineData("auto", ExecutionDevice.Auto)]
    [InlineData("CPU", ExecutionDevice.Cpu)]
    [InlineData("cuda", ExecutionDevice.Cuda)]
    [InlineData("tensorrt", ExecutionDevice.TensorRt)]
    public void Parse_DeviceName_TheDevice(string name, ExecutionDevice expected)
    {
        Assert.Equal(expected, ExecutionDevices.Parse(name));
        Assert.Equal("Unknown device 'gpu'; expected auto, cpu, cuda, tensorrt.", Assert.Throws<FormatException>(() => ExecutionDevices.Parse("gpu")).Message);
    }
}
