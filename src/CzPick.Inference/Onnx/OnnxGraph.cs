using System.Runtime.InteropServices;

namespace CzPick.Inference.Onnx;

/// <summary>One extent of a graph input or output: a fixed size, or a name that ONNX Runtime binds at run time.</summary>
/// <param name="Size">The fixed size, when Symbol is null.</param>
/// <param name="Symbol">The symbolic name (N, D, H, W), or null for a fixed size.</param>
readonly record struct OnnxDimension(long Size, string? Symbol)
{
    /// <summary>Returns a fixed extent.</summary>
    public static OnnxDimension Fixed(long size) => new(size, null);

    /// <summary>Returns a symbolic extent.</summary>
    public static OnnxDimension Named(string symbol) => new(0, symbol);
}

/// <summary>A node attribute; only the kinds the UNet graphs need.</summary>
abstract record OnnxAttribute(string Name)
{
    /// <summary>Returns an INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new IntAttribute(name, value);

    /// <summary>Returns an INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new IntsAttribute(name, values);

    /// <summary>Returns a FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new FloatAttribute(name, value);

    sealed record IntAttribute(string Name, long Value) : OnnxAttribute(Name);

    sealed record IntsAttribute(string Name, long[] Values) : OnnxAttribute(Name);

    sealed record FloatAttribute(string Name, float Value) : OnnxAttribute(Name);

    /// <summary>Writes the AttributeProto fields in field-number order.</summary>
    public void WriteTo(ProtobufWriter writer)
    {
        // AttributeProto: name 1, f 2, i 3, floats 7, ints 8 (proto2, unpacked), type 20 (FLOAT 1, INT 2, INTS 7).
        writer.WriteString(1, this.Name);
        switch (this)
        {
            case FloatAttribute single:
                writer.WriteFloat(2, single.Value);
                writer.WriteInt64(20, 1);
                break;
            case IntAttribute integer:
                writer.WriteInt64(3, integer.Value);
                writer.WriteInt64(20, 2);
                break;
            case IntsAttribute integers:
                foreach (long value in integers.Values)
                {
                    writer.WriteInt64(8, value);
                }

                writer.WriteInt64(20, 7);
                break;
            default:
                throw new InvalidOperationException($"Unknown attribute kind {this.GetType().Name}.");
        }
    }
}

/// <summary>One operator application.</summary>
/// <param name="OpType">The ONNX operator (default domain).</param>
/// <param name="Inputs">The input value names; an empty string skips an optional input.</param>
/// <param name="Output">The single output value name, also the node's name.</param>
/// <param name="Attributes">The attributes.</param>
sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, string Output, IReadOnlyList<OnnxAttribute> Attributes);

/// <summary>A float32 constant tensor stored in the model.</summary>
/// <param name="Name">The value name.</param>
/// <param name="Dims">The shape.</param>
/// <param name="Values">The elements in C order.</param>
sealed record OnnxInitializer(string Name, IReadOnlyList<long> Dims, float[] Values);

/// <summary>A float32 graph input or output with its (possibly symbolic) shape.</summary>
/// <param name="Name">The value name.</param>
/// <param name="Shape">The extents.</param>
sealed record OnnxTensorValue(string Name, IReadOnlyList<OnnxDimension> Shape);

/// <summary>
/// A float32 ONNX graph under construction. Every value name is unique, so graphs of several networks can share one
/// builder when each network uses its own name prefix (a fused ensemble graph).
/// </summary>
sealed class OnnxGraph(string name)
{
    const int FloatElementType = 1;

    readonly List<OnnxNode> nodes = [];
    readonly List<OnnxInitializer> initializers = [];
    readonly List<OnnxTensorValue> inputs = [];
    readonly List<OnnxTensorValue> outputs = [];
    readonly HashSet<string> names = new(StringComparer.Ordinal);

    /// <summary>Gets the graph's name.</summary>
    public string Name { get; } = name;

    /// <summary>Gets the nodes in topological order (the order they were added).</summary>
    public IReadOnlyList<OnnxNode> Nodes => this.nodes;

    /// <summary>Gets the initializers.</summary>
    public IReadOnlyList<OnnxInitializer> Initializers => this.initializers;

    /// <summary>Gets the graph inputs.</summary>
    public IReadOnlyList<OnnxTensorValue> Inputs => this.inputs;

    /// <summary>Gets the graph outputs.</summary>
    public IReadOnlyList<OnnxTensorValue> Outputs => this.outputs;

    /// <summary>Declares a graph input.</summary>
    /// <returns>The input's name.</returns>
    public string AddInput(string inputName, params OnnxDimension[] shape)
    {
        this.Claim(inputName);
        this.inputs.Add(new OnnxTensorValue(inputName, shape));
        return inputName;
    }

    /// <summary>Declares an existing value as a graph output.</summary>
    public void AddOutput(string outputName, params OnnxDimension[] shape)
    {
        if (!this.names.Contains(outputName))
        {
            throw new InvalidOperationException($"Graph output '{outputName}' is not a value of graph '{this.Name}'.");
        }

        this.outputs.Add(new OnnxTensorValue(outputName, shape));
    }

    /// <summary>Adds a constant tensor.</summary>
    /// <returns>The initializer's name.</returns>
    public string AddInitializer(string initializerName, IReadOnlyList<long> dims, float[] values)
    {
        long count = dims.Aggregate(1L, (product, dim) => product * dim);
        if (count != values.LongLength)
        {
            throw new ArgumentException($"Initializer '{initializerName}' of shape ({string.Join(", ", dims)}) needs {count} values, not {values.LongLength}.", nameof(values));
        }

        this.Claim(initializerName);
        this.initializers.Add(new OnnxInitializer(initializerName, dims, values));
        return initializerName;
    }

    /// <summary>Returns the named constant, adding it on first use (constants shared by many nodes).</summary>
    /// <returns>The initializer's name.</returns>
    public string GetOrAddInitializer(string initializerName, IReadOnlyList<long> dims, Func<float[]> values) =>
        this.names.Contains(initializerName) ? initializerName : this.AddInitializer(initializerName, dims, values());

    /// <summary>Adds a node with one output.</summary>
    /// <returns>The output's name.</returns>
    public string AddNode(string opType, string output, IReadOnlyList<string> nodeInputs, params OnnxAttribute[] attributes)
    {
        foreach (string input in nodeInputs)
        {
            if (input.Length > 0 && !this.names.Contains(input))
            {
                throw new InvalidOperationException($"Node '{output}' ({opType}) reads '{input}', which is not yet a value of graph '{this.Name}'.");
            }
        }

        this.Claim(output);
        this.nodes.Add(new OnnxNode(opType, nodeInputs, output, attributes));
        return output;
    }

    /// <summary>Writes the GraphProto fields in field-number order.</summary>
    public void WriteTo(ProtobufWriter writer)
    {
        // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
        foreach (OnnxNode node in this.nodes)
        {
            writer.WriteMessage(1, node, WriteNode);
        }

        writer.WriteString(2, this.Name);
        foreach (OnnxInitializer initializer in this.initializers)
        {
            writer.WriteMessage(5, initializer, WriteInitializer);
        }

        foreach (OnnxTensorValue input in this.inputs)
        {
            writer.WriteMessage(11, input, WriteValueInfo);
        }

        foreach (OnnxTensorValue output in this.outputs)
        {
            writer.WriteMessage(12, output, WriteValueInfo);
        }
    }

    static void WriteNode(ProtobufWriter writer, OnnxNode node)
    {
        // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
        foreach (string input in node.Inputs)
        {
            writer.WriteString(1, input);
        }

        writer.WriteString(2, node.Output);
        writer.WriteString(3, node.Output);
        writer.WriteString(4, node.OpType);
        foreach (OnnxAttribute attribute in node.Attributes)
        {
            writer.WriteMessage(5, attribute, static (w, a) => a.WriteTo(w));
        }
    }

    static void WriteInitializer(ProtobufWriter writer, OnnxInitializer initializer)
    {
        // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian, as ONNX requires).
        foreach (long dim in initializer.Dims)
        {
            writer.WriteInt64(1, dim);
        }

        writer.WriteInt64(2, FloatElementType);
        writer.WriteString(8, initializer.Name);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer runs on little-endian machines only.");
        }

        writer.WriteBytes(9, MemoryMarshal.AsBytes(initializer.Values.AsSpan()));
    }

    static void WriteValueInfo(ProtobufWriter writer, OnnxTensorValue value)
    {
        // ValueInfoProto: name 1, type 2 → TypeProto.tensor_type 1 → elem_type 1, shape 2 → dim 1 → dim_value 1 | dim_param 2.
        writer.WriteString(1, value.Name);
        writer.WriteMessage(2, value, static (typeWriter, v) =>
            typeWriter.WriteMessage(1, v, static (tensorWriter, t) =>
            {
                tensorWriter.WriteInt64(1, FloatElementType);
                tensorWriter.WriteMessage(2, t, static (shapeWriter, s) =>
                {
                    foreach (OnnxDimension dimension in s.Shape)
                    {
                        shapeWriter.WriteMessage(1, dimension, static (dimWriter, d) =>
                        {
                            if (d.Symbol is null)
                            {
                                dimWriter.WriteInt64(1, d.Size);
                            }
                            else
                            {
                                dimWriter.WriteString(2, d.Symbol);
                            }
                        });
                    }
                });
            }));
    }

    void Claim(string valueName)
    {
        if (string.IsNullOrEmpty(valueName) || !this.names.Add(valueName))
        {
            throw new InvalidOperationException($"Value name '{valueName}' is empty or already used in graph '{this.Name}'.");
        }
    }
}
