using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CzPick.Pipeline.Configuration;
using CzPick.Pipeline.Contracts;
using CzPick.Pipeline.Ports;
using Microsoft.Extensions.Logging;

namespace CzPick.Pipeline.Workers;

/// <summary>
/// Local copies of the model ensembles in the <c>models</c> container, so a worker downloads an ensemble once, not
/// per block. A copy lives in <c>{cache}/{ensemble}/{version}/</c>, the version a hash of the blobs' names and ETags:
/// an ensemble replaced in storage gets a new folder, and a copy that is complete carries a marker file, so a
/// download cut short by a crash is never used. Several processes may share the cache folder.
/// </summary>
/// <param name="blobs">The data account's blobs.</param>
/// <param name="options">The cache folder.</param>
/// <param name="logger">Where downloads are logged.</param>
public sealed partial class ModelCache(IBlobStore blobs, PipelineOptions options, ILogger<ModelCache> logger)
{
    /// <summary>The file a complete copy holds.</summary>
    const string CompleteMarker = ".complete";

    readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    /// <summary>Returns a local folder holding the ensemble's files, downloading them when this version is not there yet.</summary>
    /// <param name="ensemble">The ensemble's folder under the models container, e.g. "sample".</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The folder, laid out as the blobs under <c>models/{ensemble}/</c>.</returns>
    /// <exception cref="ArgumentException">The name is not a single folder name.</exception>
    /// <exception cref="FileNotFoundException">No blob lies under <c>models/{ensemble}/</c>; the message says what to upload.</exception>
    public async Task<string> GetAsync(string ensemble, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ensemble);
        if (ensemble.IndexOfAny(['/', '\\']) >= 0 || ensemble is "." or "..")
        {
            throw new ArgumentException($"The ensemble name '{ensemble}' must be one folder name under the models container.", nameof(ensemble));
        }

        BlobPath prefix = BlobLayout.Ensemble(ensemble);
        List<StoredBlob> files = [];
        await foreach (StoredBlob blob in blobs.ListAsync(prefix.Container, prefix.Name, cancellationToken).ConfigureAwait(false))
        {
            files.Add(blob);
        }

        if (files.Count == 0)
        {
            throw new FileNotFoundException(
                $"Model ensemble '{ensemble}' not found: nothing under {prefix}. Upload its ensemble.json and .onnx members there (czpick dev uploads a local model folder).",
                prefix.ToString());
        }

        string folder = Path.Combine(options.ModelCache, ensemble, Version(files));
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            return folder;
        }

        SemaphoreSlim gate = this.gates.GetOrAdd(ensemble, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!File.Exists(Path.Combine(folder, CompleteMarker)))
            {
                await this.DownloadAsync(prefix, files, folder, cancellationToken).ConfigureAwait(false);
            }

            return folder;
        }
        finally
        {
            gate.Release();
        }
    }

    static string Version(IEnumerable<StoredBlob> files)
    {
        StringBuilder listing = new();
        foreach (StoredBlob file in files.OrderBy(file => file.Path.Name, StringComparer.Ordinal))
        {
            listing.Append(file.Path.Name).Append('\n').Append(file.ETag).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(listing.ToString())), 0, 8);
    }

    /// <summary>Downloads every file into a folder of its own beside the target, then moves it into place whole.</summary>
    async Task DownloadAsync(BlobPath prefix, List<StoredBlob> files, string folder, CancellationToken cancellationToken)
    {
        string staging = $"{folder}.{Guid.NewGuid():N}.tmp";
        try
        {
            foreach (StoredBlob file in files)
            {
                string relative = file.Path.Name[prefix.Name.Length..];
                string target = Path.GetFullPath(Path.Combine(staging, relative));
                if (!target.StartsWith(Path.GetFullPath(staging) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"Model blob {file.Path} would be written outside the cache folder.");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using Stream source = await blobs.OpenReadAsync(file.Path, file.ETag, 8 << 20, cancellationToken).ConfigureAwait(false);
                await using FileStream destination = File.Create(target);
                await source.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            }

            await File.WriteAllTextAsync(Path.Combine(staging, CompleteMarker), string.Empty, cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            try
            {
                Directory.Move(staging, folder);
            }
            catch (IOException) when (File.Exists(Path.Combine(folder, CompleteMarker)))
            {
                // Another process sharing the cache finished the same version first.
            }

            this.LogDownloaded(prefix.ToString(), files.Count, files.Sum(file => file.Length), folder);
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Downloaded {Prefix} ({Files} files, {Bytes} bytes) to {Folder}")]
    partial void LogDownloaded(string prefix, int files, long bytes, string folder);
}
