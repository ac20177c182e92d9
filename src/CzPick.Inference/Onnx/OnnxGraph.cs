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

    /// <summary>Returns an attribute of any kind copied from another model: its AttributeProto fields, unparsed.</summary>
    public static OnnxAttribute Encoded(string name, byte[] fields) => new EncodedAttribute(name, fields);

    sealed record IntAttribute(string Name, long Value) : OnnxAttribute(Name);

    sealed record IntsAttribute(string Name, long[] Values) : OnnxAttribute(Name);

    sealed record FloatAttribute(string Name, float Value) : OnnxAttribute(Name);

    sealed record EncodedAttribute(string Name, byte[] Fields) : OnnxAttribute(Name);

    /// <summary>Writes the AttributeProto fields in field-number order.</summary>
    public void WriteTo(ProtobufWriter writer)
    {
        // AttributeProto: name 1, f 2, i 3, floats 7, ints 8 (proto2, unpacked), type 20 (FLOAT 1, INT 2, INTS 7).
        if (this is EncodedAttribute encoded)
        {
            writer.WriteRaw(encoded.Fields);
            return;
        }

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
/// <param name="Outputs">The output value names; an empty string skips an optional output.</param>
/// <param name="Attributes">The attributes.</param>
/// <param name="Name">The node's name, unique in the graph.</param>
sealed record OnnxNode(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyList<OnnxAttribute> Attributes, string Name);

/// <summary>A constant tensor stored in the model.</summary>
/// <param name="Name">The value name.</param>
abstract record OnnxInitializer(string Name)
{
    /// <summary>Writes the TensorProto fields.</summary>
    public abstract void WriteTo(ProtobufWriter writer);

    /// <summary>Writes the fields every kind shares: dims 1, data_type 2, name 8.</summary>
    protected void WriteHeader(ProtobufWriter writer, IReadOnlyList<long> dims, long dataType)
    {
        foreach (long dim in dims)
        {
            writer.WriteInt64(1, dim);
        }

        writer.WriteInt64(2, dataType);
        writer.WriteString(8, this.Name);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this writer runs on little-endian machines only.");
        }
    }
}

/// <summary>A float32 constant tensor.</summary>
/// <param name="Name">The value name.</param>
/// <param name="Dims">The shape.</param>
/// <param name="Values">The elements in C order.</param>
sealed record OnnxFloatInitializer(string Name, IReadOnlyList<long> Dims, float[] Values) : OnnxInitializer(Name)
{
    /// <inheritdoc/>
    public override void WriteTo(ProtobufWriter writer)
    {
        // TensorProto: dims 1, data_type 2 (FLOAT 1), name 8, raw_data 9 (little-endian, as ONNX requires).
        this.WriteHeader(writer, this.Dims, 1);
        writer.WriteBytes(9, MemoryMarshal.AsBytes(this.Values.AsSpan()));
    }
}

/// <summary>An int64 constant tensor: the starts, ends, axes and steps of Slice.</summary>
/// <param name="Name">The value name.</param>
/// <param name="Dims">The shape.</param>
/// <param name="Values">The elements in C order.</param>
sealed record OnnxInt64Initializer(string Name, IReadOnlyList<long> Dims, long[] Values) : OnnxInitializer(Name)
{
    /// <inheritdoc/>
    public override void WriteTo(ProtobufWriter writer)
    {
        // TensorProto data_type INT64 is 7.
        this.WriteHeader(writer, this.Dims, 7);
        writer.WriteBytes(9, MemoryMarshal.AsBytes(this.Values.AsSpan()));
    }
}

/// <summary>A constant tensor copied from another model: its TensorProto fields but the name, unparsed, and a new name.</summary>
/// <param name="Name">The value name in this graph.</param>
/// <param name="Fields">Every TensorProto field of the original except its name (field 8).</param>
sealed record OnnxEncodedInitializer(string Name, byte[] Fields) : OnnxInitializer(Name)
{
    /// <inheritdoc/>
    public override void WriteTo(ProtobufWriter writer)
    {
        writer.WriteRaw(this.Fields);
        writer.WriteString(8, this.Name);
    }
}

/// <summary>A float32 graph input or output with its (possibly symbolic) shape.</summary>
/// <param name="Name">The value name.</param>
/// <param name="Shape">The extents.</param>
sealed record OnnxTensorValue(string Name, IReadOnlyList<OnnxDimension> Shape);

/// <summary>
/// An ONNX graph of float32 inputs and outputs under construction. Every value name is unique, so graphs of several networks can share one
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

    /// <summary>Adds a float32 constant tensor.</summary>
    /// <returns>The initializer's name.</returns>
    public string AddInitializer(string initializerName, IReadOnlyList<long> dims, float[] values)
    {
        CheckCount(initializerName, dims, values.LongLength);
        return this.Add(new OnnxFloatInitializer(initializerName, dims, values));
    }

    /// <summary>Adds an int64 constant tensor.</summary>
    /// <returns>The initializer's name.</returns>
    public string AddInt64Initializer(string initializerName, IReadOnlyList<long> dims, long[] values)
    {
        CheckCount(initializerName, dims, values.LongLength);
        return this.Add(new OnnxInt64Initializer(initializerName, dims, values));
    }

    /// <summary>Returns the named constant, adding it on first use (constants shared by many nodes).</summary>
    /// <returns>The initializer's name.</returns>
    public string GetOrAddInitializer(string initializerName, IReadOnlyList<long> dims, Func<float[]> values) =>
        this.names.Contains(initializerName) ? initializerName : this.AddInitializer(initializerName, dims, values());

    /// <summary>Returns the named one-dimensional int64 constant, adding it on first use.</summary>
    /// <returns>The initializer's name.</returns>
    public string GetOrAddInt64Initializer(string initializerName, long[] values) =>
        this.names.Contains(initializerName) ? initializerName : this.AddInt64Initializer(initializerName, [values.LongLength], values);

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
        this.nodes.Add(new OnnxNode(opType, nodeInputs, [output], attributes, output));
        return output;
    }

    /// <summary>
    /// Adds the graph of another model, read by <see cref="OnnxModelReader"/>, fed from a value of this graph. Its
    /// values are renamed with <paramref name="valuePrefix"/> and its weights with <paramref name="initializerPrefix"/>;
    /// a second import with the same initializer prefix shares the weights of the first, so one network applied to
    /// several inputs (the passes of test-time augmentation) stores its weights once.
    /// </summary>
    /// <param name="model">The model whose graph is added.</param>
    /// <param name="input">The value of this graph that feeds the model's input.</param>
    /// <param name="initializerPrefix">Put before the model's initializer names.</param>
    /// <param name="valuePrefix">Put before every other value and node name of the model.</param>
    /// <returns>The value holding the model's output.</returns>
    public string Import(OnnxModelContent model, string input, string initializerPrefix, string valuePrefix)
    {
        ArgumentNullException.ThrowIfNull(model);
        Dictionary<string, string> renamed = new(StringComparer.Ordinal) { [string.Empty] = string.Empty, [model.Input] = input };
        foreach (OnnxEncodedInitializer initializer in model.Initializers)
        {
            string name = initializerPrefix + initializer.Name;
            renamed[initializer.Name] = name;
            if (!this.names.Contains(name))
            {
                this.Add(initializer with { Name = name });
            }
        }

        foreach (OnnxNode node in model.Nodes)
        {
            string[] inputs = [.. node.Inputs.Select(value => renamed.TryGetValue(value, out string? name)
                ? name
                : throw new InvalidOperationException($"Node '{node.Name}' of the imported model reads '{value}' before any node writes it."))];
            string[] outputs = new string[node.Outputs.Count];
            for (int i = 0; i < outputs.Length; i++)
            {
                outputs[i] = node.Outputs[i].Length == 0 ? string.Empty : valuePrefix + node.Outputs[i];
                if (outputs[i].Length > 0)
                {
                    this.Claim(outputs[i]);
                    renamed[node.Outputs[i]] = outputs[i];
                }
            }

            this.nodes.Add(node with { Inputs = inputs, Outputs = outputs, Name = valuePrefix + node.Name });
        }

        return renamed.TryGetValue(model.Output, out string? output)
            ? output
            : throw new InvalidOperationException($"No node of the imported model writes its output '{model.Output}'.");
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
            writer.WriteMessage(5, initializer, static (w, i) => i.WriteTo(w));
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

        foreach (string output in node.Outputs)
        {
            writer.WriteString(2, output);
        }

        writer.WriteString(3, node.Name);
        writer.WriteString(4, node.OpType);
        foreach (OnnxAttribute attribute in node.Attributes)
        {
            writer.WriteMessage(5, attribute, static (w, a) => a.WriteTo(w));
        }
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

    static void CheckCount(string initializerName, IReadOnlyList<long> dims, long count)
    {
        long expected = dims.Aggregate(1L, (product, dim) => product * dim);
        if (expected != count)
        {
            throw new ArgumentException($"Initializer '{initializerName}' of shape ({string.Join(", ", dims)}) needs {expected} values, not {count}.", nameof(count));
        }
    }

    string Add(OnnxInitializer initializer)
    {
        this.Claim(initializer.Name);
        this.initializers.Add(initializer);
        return initializer.Name;
    }

    void Claim(string valueName)
    {
        if (string.IsNullOrEmpty(valueName) || !this.names.Add(valueName))
        {
            throw new InvalidOperationException($"Value name '{valueName}' is empty or already used in graph '{this.Name}'.");
        }
    }
}
