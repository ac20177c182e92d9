namespace CzPick.Inference.Ensemble;

/// <summary>What a predictor has done so far: windows predicted, ONNX Runtime calls, and the time spent inside them.</summary>
/// <param name="Windows">Windows predicted.</param>
/// <param name="Runs">Calls of InferenceSession.Run (members × passes per window, or one per window when fused).</param>
/// <param name="RunTime">Wall time inside InferenceSession.Run, summed over calls (calls that ran at once add up).</param>
public readonly record struct InferenceStatistics(long Windows, long Runs, TimeSpan RunTime);
