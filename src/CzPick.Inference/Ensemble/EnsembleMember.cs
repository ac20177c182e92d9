namespace CzPick.Inference.Ensemble;

/// <summary>One network of an ensemble.</summary>
/// <param name="File">The ONNX file, relative to the manifest's directory.</param>
/// <param name="Weight">The member's weight in the weighted mean of logits; positive. Weights are normalized to sum to 1.</param>
public sealed record EnsembleMember(string File, double Weight = 1);
