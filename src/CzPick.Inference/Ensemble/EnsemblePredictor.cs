using System.Collections.Concurrent;
using System.Diagnostics;
using System.Numerics.Tensors;
using CzPick.Core.Blocks;
using CzPick.Core.Geometry;
using CzPick.Inference.Onnx;
using CzPick.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CzPick.Inference.Ensemble;

/// <summary>
/// An ensemble on ONNX Runtime, seen by the sliding window as one network: each window goes through every TTA pass
/// and every member, each pass is undone on the member's logits, and the weighted mean of logits over members and
/// passes is the window's output (softmax comes after blending, in the engine).
/// </summary>
/// <remarks>
/// <para>
/// TTA is applied per window, not per volume as the seed does it (flip the tomogram, slide, flip back). Both are
/// linear, and the Gaussian importance map and reflect padding are mirror-symmetric, so the two give the same blend
/// whenever the window grid is mirror-symmetric along the flipped axes; otherwise they differ only in which windows
/// a flipped pass is averaged over. Per window, the engine holds one averaged logit map per window instead of four
/// logit volumes.
/// </para>
/// <para>
/// Sessions are made once, one per member (or one for the fused graph), and reused for every window and block.
/// ONNX Runtime reads the window and writes the logits in place (pinned managed memory, no copies); the only
/// buffers are one transformed input and one set of member logits per concurrent caller, made on the first window
/// and reused. Calls may come from several blocks at once.
/// </para>
/// </remarks>
public sealed class EnsemblePredictor : IPatchPredictor, IDisposable
{
    readonly OnnxSessionFactory factory;
    readonly Member[] members;
    readonly TtaPass[] passes;
    readonly RunOptions runOptions = new();
    readonly ConcurrentBag<Scratch> scratches = [];
    long windows;
    long runs;
    long runTicks;
    int bufferAllocations;

    /// <summary>Initializes a new instance of the <see cref="EnsemblePredictor"/> class: chooses the device and loads every member.</summary>
    /// <param name="manifest">The ensemble, loaded with <see cref="EnsembleManifest.Load"/>.</param>
    /// <param name="options">The device and session settings; null for the defaults.</param>
    /// <param name="logger">Receives the device line; null for none.</param>
    /// <exception cref="ExecutionProviderException">A GPU device asked for by name cannot be loaded.</exception>
    /// <exception cref="OnnxFormatException">A member cannot be loaded, or fused.</exception>
    /// <exception cref="EnsembleFormatException">A member's input or output is not what the manifest says.</exception>
    public EnsemblePredictor(EnsembleManifest manifest, InferenceOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        manifest.Validate();
        this.Manifest = manifest;
        this.ChannelCount = manifest.Classes.Count;
        this.factory = new OnnxSessionFactory(options ?? new InferenceOptions(), logger);
        List<Member> loaded = [];
        try
        {
            if (this.factory.Options.FuseMembers)
            {
                // One graph that already averages members and passes: one Run per window, with weight 1.
                this.passes = [TtaPass.Identity];
                loaded.Add(this.Load(EnsembleFusion.Build(manifest), $"{manifest.SourceName} (fused)", 1));
            }
            else
            {
                this.passes = [.. manifest.Tta];
                double[] weights = manifest.NormalizedWeights();
                for (int m = 0; m < manifest.Members.Count; m++)
                {
                    string path = manifest.MemberPath(manifest.Members[m]);
                    loaded.Add(this.Load(File.ReadAllBytes(path), path, weights[m] / manifest.Tta.Count));
                }
            }
        }
        catch
        {
            loaded.ForEach(member => member.Session.Dispose());
            this.runOptions.Dispose();
            this.factory.Dispose();
            throw;
        }

        this.members = [.. loaded];
    }

    /// <summary>Gets the ensemble.</summary>
    public EnsembleManifest Manifest { get; }

    /// <inheritdoc/>
    public int ChannelCount { get; }

    /// <summary>Gets the device the sessions run on.</summary>
    public ExecutionDevice Device => this.factory.Device;

    /// <summary>Gets a value indicating whether members and passes run as one fused graph.</summary>
    public bool IsFused => this.factory.Options.FuseMembers;

    /// <summary>Gets the windows, Runs and time inside ONNX Runtime so far.</summary>
    public InferenceStatistics Statistics => new(
        Interlocked.Read(ref this.windows),
        Interlocked.Read(ref this.runs),
        Stopwatch.GetElapsedTime(0, Interlocked.Read(ref this.runTicks)));

    /// <summary>Gets how many large buffers (transformed inputs, member logits) have been allocated: a test's proof that windows reuse them.</summary>
    internal int BufferAllocations => Volatile.Read(ref this.bufferAllocations);

    /// <inheritdoc/>
    public void Predict(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits)
    {
        int voxels = checked((int)shape.VoxelCount);
        if (!shape.IsPositive || patch.Length != voxels || logits.Length != (long)this.ChannelCount * voxels)
        {
            throw new ArgumentException(
                $"A {shape} window needs {voxels} input values and {(long)this.ChannelCount * voxels} logits ({this.ChannelCount} classes); got {patch.Length} and {logits.Length}.");
        }

        if (this.passes.Contains(TtaPass.SwapXY) && shape.Y != shape.X)
        {
            throw new ArgumentException($"The ensemble's swap-xy pass needs windows as wide as they are high, not {shape} (z, y, x).", nameof(shape));
        }

        int multiple = this.Manifest.SizeMultiple;
        if (shape.Z % multiple != 0 || shape.Y % multiple != 0 || shape.X % multiple != 0)
        {
            throw new ArgumentException($"Window {shape} (z, y, x) is not a multiple of {multiple} on every axis, as the UNets need.", nameof(shape));
        }

        Scratch scratch = this.scratches.TryTake(out Scratch? reused) ? reused : new Scratch();
        try
        {
            this.PredictWindow(patch, shape, logits, scratch);
            Interlocked.Increment(ref this.windows);
        }
        finally
        {
            this.scratches.Add(scratch);
        }
    }

    /// <summary>Releases every session.</summary>
    public void Dispose()
    {
        foreach (Member member in this.members)
        {
            member.Session.Dispose();
        }

        this.runOptions.Dispose();
        this.factory.Dispose();
    }

    void PredictWindow(ReadOnlySpan<float> patch, Shape3 shape, Span<float> logits, Scratch scratch)
    {
        int voxels = patch.Length;
        int channels = this.ChannelCount;
        bool first = true;
        foreach (TtaPass pass in this.passes)
        {
            ReadOnlySpan<float> input = patch;
            if (pass != TtaPass.Identity)
            {
                Span<float> transformed = this.Rent(ref scratch.Input, voxels);
                patch.CopyTo(transformed);
                pass.ApplyInPlace(transformed, shape, 1);
                input = transformed;
            }

            foreach (Member member in this.members)
            {
                // The first Run writes straight into the caller's logits; later ones go through the scratch and are
                // added in, each weighted, after their pass is undone.
                Span<float> output = first ? logits : this.Rent(ref scratch.Logits, channels * voxels);
                this.Run(member, input, output, shape);
                pass.ApplyInPlace(output, shape, channels);
                if (first)
                {
                    if (member.Weight != 1f)
                    {
                        TensorPrimitives.Multiply(output, member.Weight, output);
                    }
                }
                else
                {
                    TensorPrimitives.MultiplyAdd(output, member.Weight, logits, logits);
                }

                first = false;
            }
        }
    }

    unsafe void Run(Member member, ReadOnlySpan<float> input, Span<float> output, Shape3 shape)
    {
        long[] inputShape = [1, 1, shape.Z, shape.Y, shape.X];
        long[] outputShape = [1, this.ChannelCount, shape.Z, shape.Y, shape.X];
        fixed (float* inputData = input)
        fixed (float* outputData = output)
        {
            using OrtValue inputValue = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, inputShape, (IntPtr)inputData, input.Length * (long)sizeof(float));
            using OrtValue outputValue = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, outputShape, (IntPtr)outputData, output.Length * (long)sizeof(float));
            long started = Stopwatch.GetTimestamp();
            member.Session.Run(this.runOptions, member.InputNames, [inputValue], member.OutputNames, [outputValue]);
            Interlocked.Add(ref this.runTicks, Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref this.runs);
        }
    }

    Span<float> Rent(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
            Interlocked.Increment(ref this.bufferAllocations);
        }

        return buffer.AsSpan(0, length);
    }

    Member Load(byte[] model, string sourceName, double weight)
    {
        InferenceSession session = this.factory.Create(model, sourceName);
        try
        {
            CheckSignature(session, sourceName, this.ChannelCount, this.Manifest.SourceName);
            return new Member(session, [session.InputNames[0]], [session.OutputNames[0]], (float)weight);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Checks that a network takes (N, 1, D, H, W) float32 and gives (N, classes, D, H, W) float32.</summary>
    static void CheckSignature(InferenceSession session, string sourceName, int channels, string manifest)
    {
        string? problem = null;
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            problem = $"has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; expected one of each";
        }
        else
        {
            NodeMetadata input = session.InputMetadata.Values.Single();
            NodeMetadata output = session.OutputMetadata.Values.Single();
            if (!Fits(input, 1) || !Fits(output, channels))
            {
                problem = $"takes {Describe(input)} and gives {Describe(output)}; expected float32 (N, 1, D, H, W) in and (N, {channels}, D, H, W) out for the manifest's {channels} classes";
            }
        }

        if (problem is not null)
        {
            throw new EnsembleFormatException(manifest, $"member {sourceName} {problem}.");
        }

        static bool Fits(NodeMetadata value, int channels) =>
            value.IsTensor && value.ElementDataType == TensorElementType.Float && value.Dimensions.Length == 5 && (value.Dimensions[1] == -1 || value.Dimensions[1] == channels);

        static string Describe(NodeMetadata value) =>
            $"{value.ElementDataType} ({string.Join(", ", value.Dimensions.Select((d, i) => d >= 0 ? d.ToString(System.Globalization.CultureInfo.InvariantCulture) : value.SymbolicDimensions[i]))})";
    }

    /// <summary>One loaded network.</summary>
    /// <param name="Session">Its session.</param>
    /// <param name="InputNames">Its input's name.</param>
    /// <param name="OutputNames">Its output's name.</param>
    /// <param name="Weight">Its share of the mean: member weight over the number of passes.</param>
    sealed record Member(InferenceSession Session, string[] InputNames, string[] OutputNames, float Weight);

    /// <summary>One concurrent caller's buffers.</summary>
    sealed class Scratch
    {
        public float[] Input = [];

        public float[] Logits = [];
    }
}
