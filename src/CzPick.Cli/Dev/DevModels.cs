using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;

namespace CzPick.Cli.Dev;

/// <summary>Puts a local model folder (ensemble.json and its members) into the <c>models</c> container, where workers download it from.</summary>
static class DevModels
{
    /// <summary>The manifest every model folder holds.</summary>
    const string ManifestName = "ensemble.json";

    /// <summary>
    /// Uploads a model folder as <c>models/{ensemble}/</c> when <paramref name="replace"/> is set or the ensemble is
    /// not in storage yet.
    /// </summary>
    /// <param name="blobs">The data account's blobs.</param>
    /// <param name="ensemble">The ensemble's name in storage.</param>
    /// <param name="folder">The local model folder, or null when none was given.</param>
    /// <param name="replace">Whether to upload even when the ensemble is in storage already.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>What was done, in words.</returns>
    /// <exception cref="UserErrorException">The ensemble is not in storage and no usable folder was given.</exception>
    public static async Task<string> EnsureUploadedAsync(IBlobStore blobs, string ensemble, string? folder, bool replace, CancellationToken cancellationToken)
    {
        BlobPath manifest = new(BlobLayout.Models, $"{ensemble}/{ManifestName}");
        if (!replace && await blobs.GetInfoAsync(manifest, cancellationToken) is not null)
        {
            return $"model '{ensemble}' from {BlobLayout.Ensemble(ensemble)}";
        }

        if (folder is null || !File.Exists(Path.Combine(folder, ManifestName)))
        {
            throw new UserErrorException(
                $"No model '{ensemble}' in storage ({manifest} is missing) and {(folder is null ? "no model folder was given" : $"{folder} has no {ManifestName}")}; " +
                "pass --model DIR, a folder with ensemble.json and its .onnx members.");
        }

        // The manifest last: a worker that lists the folder mid-upload sees no ensemble rather than half of one.
        string[] files = Directory.GetFiles(folder)
            .Where(file => !Path.GetFileName(file).StartsWith('.'))
            .OrderBy(file => Path.GetFileName(file) == ManifestName)
            .ThenBy(file => file, StringComparer.Ordinal)
            .ToArray();
        foreach (string file in files)
        {
            await using FileStream content = File.OpenRead(file);
            await blobs.UploadAsync(new BlobPath(BlobLayout.Models, $"{ensemble}/{Path.GetFileName(file)}"), content, cancellationToken);
        }

        return $"model '{ensemble}' uploaded from {folder} ({files.Length} files)";
    }
}
