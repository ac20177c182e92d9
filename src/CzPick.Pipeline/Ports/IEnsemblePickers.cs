using CzPick.Core.Blocks;

namespace CzPick.Pipeline.Ports;

/// <summary>
/// The block pickers a worker predicts with, one per model ensemble: CzPick.Worker's implementation downloads
/// <c>models/{ensemble}/</c> once and runs it on ONNX Runtime. Calls may come from several blocks at once.
/// </summary>
public interface IEnsemblePickers
{
    /// <summary>Returns the picker of an ensemble, loading it on first use.</summary>
    /// <param name="ensemble">The ensemble's folder under the models container, e.g. "sample".</param>
    /// <param name="cancellationToken">Cancels the download and load.</param>
    /// <returns>The picker, shared by every block of that ensemble.</returns>
    Task<IBlockPicker> GetAsync(string ensemble, CancellationToken cancellationToken = default);
}
