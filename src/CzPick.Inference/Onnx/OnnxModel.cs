namespace CzPick.Inference.Onnx;

/// <summary>An ONNX ModelProto around one graph, written with the hand-rolled protobuf writer.</summary>
/// <param name="graph">The graph.</param>
/// <param name="docString">A line saying what the model is and where its weights came from.</param>
sealed class OnnxModel(OnnxGraph graph, string docString)
{
    /// <summary>IR version 8 and opset 17: what onnx 1.12's checker (used while developing) accepts, and ORT runs.</summary>
    public const long IrVersion = 8;

    /// <summary>The default-domain opset the graphs use.</summary>
    public const long OpsetVersion = 17;

    /// <summary>Gets the graph.</summary>
    public OnnxGraph Graph { get; } = graph;

    /// <summary>Gets the model's doc string.</summary>
    public string DocString { get; } = docString;

    /// <summary>Serializes the model.</summary>
    /// <returns>The ModelProto bytes.</returns>
    public byte[] ToArray()
    {
        // ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6, graph 7, opset_import 8.
        ProtobufWriter writer = new();
        writer.WriteInt64(1, IrVersion);
        writer.WriteString(2, "CzPick");
        writer.WriteString(3, typeof(OnnxModel).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
        writer.WriteString(6, this.DocString);
        writer.WriteMessage(7, this.Graph, static (w, g) => g.WriteTo(w));
        writer.WriteMessage(8, OpsetVersion, static (w, version) =>
        {
            // OperatorSetIdProto: domain 1 (empty: the default domain), version 2.
            w.WriteString(1, string.Empty);
            w.WriteInt64(2, version);
        });
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the model to a file, replacing it.</summary>
    public void Save(string path) => File.WriteAllBytes(path, this.ToArray());
}
