namespace CzPick.Inference.Onnx;

/// <summary>
/// The graph of an ONNX model as <see cref="OnnxGraph.Import"/> takes it: one input, one output, the nodes with
/// their attributes unparsed, and the weights unparsed.
/// </summary>
/// <param name="Input">The graph input's name.</param>
/// <param name="Output">The graph output's name.</param>
/// <param name="Nodes">The nodes in the model's order (topological, as ONNX requires).</param>
/// <param name="Initializers">The weights.</param>
sealed record OnnxModelContent(string Input, string Output, IReadOnlyList<OnnxNode> Nodes, IReadOnlyList<OnnxEncodedInitializer> Initializers);

/// <summary>
/// Reads an ONNX model so that its graph can be put into another one (a fused ensemble). Only models that can be
/// carried over unchanged are accepted: operator set <see cref="OnnxModel.OpsetVersion"/> of the default domain
/// (what <c>czpick model build</c> and <c>import</c> write), one input and one output, weights inside the file, no
/// subgraphs, functions or sparse tensors.
/// </summary>
static class OnnxModelReader
{
    /// <summary>Reads a model file.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <returns>Its graph.</returns>
    /// <exception cref="OnnxFormatException">The file is not a model CzPick can carry; the message says why.</exception>
    public static OnnxModelContent Read(string path) => Read(File.ReadAllBytes(path), path);

    /// <summary>Reads a model.</summary>
    /// <param name="model">The ModelProto bytes.</param>
    /// <param name="sourceName">The file name, for messages.</param>
    /// <returns>Its graph.</returns>
    /// <exception cref="OnnxFormatException">The bytes are not a model CzPick can carry; the message says why.</exception>
    public static OnnxModelContent Read(ReadOnlySpan<byte> model, string sourceName)
    {
        try
        {
            return ReadModel(model, sourceName);
        }
        catch (InvalidDataException error)
        {
            throw new OnnxFormatException(sourceName, $"not a valid ONNX model: {error.Message}", error);
        }
    }

    static OnnxModelContent ReadModel(ReadOnlySpan<byte> model, string sourceName)
    {
        // ModelProto: graph 7, opset_import 8 (domain 1, version 2), functions 25.
        ProtobufReader reader = new(model);
        OnnxModelContent? graph = null;
        long? opset = null;
        while (!reader.End)
        {
            (int field, int wireType) = reader.ReadTag();
            switch (field)
            {
                case 7:
                    graph = ReadGraph(Expect(ref reader, wireType, "graph"), sourceName);
                    break;
                case 8:
                    (string domain, long version) = ReadOpset(Expect(ref reader, wireType, "opset_import"));
                    if (domain is not ("" or "ai.onnx"))
                    {
                        throw new OnnxFormatException(sourceName, $"uses operators of domain '{domain}'; a fused graph carries the default ONNX domain only.");
                    }

                    opset = version;
                    break;
                case 25:
                    throw new OnnxFormatException(sourceName, "defines model-local functions, which a fused graph cannot carry; export the model without them.");
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (graph is null)
        {
            throw new OnnxFormatException(sourceName, "holds no graph; expected an ONNX ModelProto such as czpick model build writes.");
        }

        if (opset != OnnxModel.OpsetVersion)
        {
            throw new OnnxFormatException(
                sourceName,
                $"uses ONNX operator set {(opset is null ? "(none declared)" : opset)}; fusing needs operator set {OnnxModel.OpsetVersion}, as czpick model build and import write it.");
        }

        return graph;
    }

    static (string Domain, long Version) ReadOpset(ReadOnlySpan<byte> message)
    {
        ProtobufReader reader = new(message);
        string domain = string.Empty;
        long version = 0;
        while (!reader.End)
        {
            (int field, int wireType) = reader.ReadTag();
            if (field == 1 && wireType == ProtobufReader.LengthDelimitedWireType)
            {
                domain = reader.ReadString();
            }
            else if (field == 2 && wireType == ProtobufReader.VarintWireType)
            {
                version = (long)reader.ReadVarint();
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return (domain, version);
    }

    static OnnxModelContent ReadGraph(ReadOnlySpan<byte> message, string sourceName)
    {
        // GraphProto: node 1, initializer 5, input 11, output 12, sparse_initializer 15; the rest is left aside.
        ProtobufReader reader = new(message);
        List<OnnxNode> nodes = [];
        List<OnnxEncodedInitializer> initializers = [];
        List<string> inputs = [];
        List<string> outputs = [];
        while (!reader.End)
        {
            (int field, int wireType) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    nodes.Add(ReadNode(Expect(ref reader, wireType, "node"), nodes.Count, sourceName));
                    break;
                case 5:
                    initializers.Add(ReadInitializer(Expect(ref reader, wireType, "initializer"), sourceName));
                    break;
                case 11:
                    inputs.Add(ReadValueName(Expect(ref reader, wireType, "input")));
                    break;
                case 12:
                    outputs.Add(ReadValueName(Expect(ref reader, wireType, "output")));
                    break;
                case 15:
                    throw new OnnxFormatException(sourceName, "holds sparse initializers, which a fused graph cannot carry.");
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        // Models of IR version 3 list their weights among the inputs too; those are not inputs to feed.
        HashSet<string> weights = [.. initializers.Select(i => i.Name)];
        string[] fed = [.. inputs.Where(input => !weights.Contains(input))];
        if (fed.Length != 1 || outputs.Count != 1)
        {
            throw new OnnxFormatException(
                sourceName,
                $"has {fed.Length} inputs ({string.Join(", ", fed)}) and {outputs.Count} outputs ({string.Join(", ", outputs)}); expected one of each, as a UNet has.");
        }

        return new OnnxModelContent(fed[0], outputs[0], nodes, initializers);
    }

    static OnnxNode ReadNode(ReadOnlySpan<byte> message, int index, string sourceName)
    {
        // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, doc_string 6, domain 7.
        ProtobufReader reader = new(message);
        List<string> inputs = [];
        List<string> outputs = [];
        List<OnnxAttribute> attributes = [];
        string name = string.Empty;
        string opType = string.Empty;
        while (!reader.End)
        {
            (int field, int wireType) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    inputs.Add(ReadText(ref reader, wireType, "node input"));
                    break;
                case 2:
                    outputs.Add(ReadText(ref reader, wireType, "node output"));
                    break;
                case 3:
                    name = ReadText(ref reader, wireType, "node name");
                    break;
                case 4:
                    opType = ReadText(ref reader, wireType, "op_type");
                    break;
                case 5:
                    attributes.Add(ReadAttribute(Expect(ref reader, wireType, "attribute"), opType, sourceName));
                    break;
                case 7:
                    string domain = ReadText(ref reader, wireType, "node domain");
                    if (domain is not ("" or "ai.onnx"))
                    {
                        throw new OnnxFormatException(sourceName, $"node {index} uses an operator of domain '{domain}'; a fused graph carries the default ONNX domain only.");
                    }

                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        if (opType.Length == 0 || outputs.Count == 0)
        {
            throw new OnnxFormatException(sourceName, $"node {index} has no operator type or no output.");
        }

        // Node names are optional in ONNX; the first output is unique, so it names an unnamed node.
        return new OnnxNode(opType, inputs, outputs, attributes, name.Length > 0 ? name : outputs[0]);
    }

    static OnnxAttribute ReadAttribute(ReadOnlySpan<byte> message, string opType, string sourceName)
    {
        // AttributeProto: name 1, g 6, graphs 11, ref_attr_name 21; everything else is copied as it is.
        ProtobufReader reader = new(message);
        string name = string.Empty;
        while (!reader.End)
        {
            (int field, int wireType) = reader.ReadTag();
            switch (field)
            {
                case 1:
                    name = ReadText(ref reader, wireType, "attribute name");
                    break;
                case 6 or 11:
                    throw new OnnxFormatException(sourceName, $"a {opType} node holds a subgraph (attribute '{name}'), which may read values of the graph around it; a fused graph cannot carry it.");
                case 21:
                    throw new OnnxFormatException(sourceName, $"a {opType} node refers to a function attribute; a fused graph cannot carry it.");
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return OnnxAttribute.Encoded(name, message.ToArray());
    }

    static OnnxEncodedInitializer ReadInitializer(ReadOnlySpan<byte> message, string sourceName)
    {
        // TensorProto: name 8, data_location 14 (1 = external). Every other field is copied as it is.
        ProtobufReader reader = new(message);
        ProtobufWriter rest = new();
        string name = string.Empty;
        while (!reader.End)
        {
            int start = reader.Position();
            (int field, int wireType) = reader.ReadTag();
            if (field == 8)
            {
                name = ReadText(ref reader, wireType, "initializer name");
                continue;
            }

            if (field == 14 && wireType == ProtobufReader.VarintWireType)
            {
                ulong location = reader.ReadVarint();
                if (location != 0)
                {
                    throw new OnnxFormatException(sourceName, "keeps its weights in an external file; fusing needs them inside the .onnx file, as czpick writes them.");
                }

                continue;
            }

            rest.WriteRaw(reader.SkipAndSlice(start, wireType));
        }

        if (name.Length == 0)
        {
            throw new OnnxFormatException(sourceName, "holds an initializer without a name.");
        }

        return new OnnxEncodedInitializer(name, rest.WrittenSpan.ToArray());
    }

    static string ReadValueName(ReadOnlySpan<byte> message)
    {
        // ValueInfoProto: name 1; the type is checked by ONNX Runtime when the fused graph loads.
        ProtobufReader reader = new(message);
        string name = string.Empty;
        while (!reader.End)
        {
            (int field, int wireType) = reader.ReadTag();
            if (field == 1)
            {
                name = ReadText(ref reader, wireType, "value name");
            }
            else
            {
                reader.Skip(wireType);
            }
        }

        return name;
    }

    static ReadOnlySpan<byte> Expect(ref ProtobufReader reader, int wireType, string what) =>
        wireType == ProtobufReader.LengthDelimitedWireType
            ? reader.ReadLengthDelimited()
            : throw new InvalidDataException($"The {what} field has wire type {wireType}; expected a length-delimited message.");

    static string ReadText(ref ProtobufReader reader, int wireType, string what) =>
        wireType == ProtobufReader.LengthDelimitedWireType
            ? reader.ReadString()
            : throw new InvalidDataException($"The {what} field has wire type {wireType}; expected a string.");
}
