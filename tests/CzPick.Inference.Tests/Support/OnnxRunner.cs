using Microsoft.ML.OnnxRuntime;

namespace CzPick.Inference.Tests.Support;

/// <summary>Runs a one-input, one-output float32 model on ONNX Runtime's CPU provider.</summary>
static class OnnxRunner
{
    public static (float[] Values, long[] Shape) Run(byte[] model, float[] input, long[] shape)
    {
        using SessionOptions options = new() { IntraOpNumThreads = 2 };
        using InferenceSession session = new(model, options);
        using OrtValue inputValue = OrtValue.CreateTensorValueFromMemory(input, shape);
        using RunOptions runOptions = new();
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            runOptions, [session.InputNames[0]], [inputValue], [session.OutputNames[0]]);
        OrtValue output = outputs[0];
        return (output.GetTensorDataAsSpan<float>().ToArray(), output.GetTensorTypeAndShape().Shape);
    }
}
