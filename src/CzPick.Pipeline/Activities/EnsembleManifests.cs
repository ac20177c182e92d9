using CzPick.Inference.Ensemble;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Pipeline.Activities;

/// <summary>Reads an ensemble's manifest from the <c>models</c> container: planning and gathering need it, not the networks.</summary>
static class EnsembleManifests
{
    /// <summary>Reads and checks <c>models/{ensemble}/ensemble.json</c>; the members stay in storage.</summary>
    /// <param name="blobs">The data account's blobs.</param>
    /// <param name="ensemble">The ensemble.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="FileNotFoundException">The ensemble has no manifest in storage.</exception>
    /// <exception cref="EnsembleFormatException">The manifest is malformed.</exception>
    public static async Task<EnsembleManifest> ReadAsync(IBlobStore blobs, string ensemble, CancellationToken cancellationToken)
    {
        BlobPath path = new(BlobLayout.Models, $"{ensemble}/{EnsembleManifest.FileName}");
        BinaryData json = await blobs.DownloadAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new FileNotFoundException($"Model ensemble '{ensemble}' not found: {path} does not exist. Upload the ensemble's {EnsembleManifest.FileName} and .onnx members under {BlobLayout.Ensemble(ensemble)}.", path.ToString());
        using Stream stream = json.ToStream();
        return EnsembleManifest.Read(stream, path.ToString());
    }
}
