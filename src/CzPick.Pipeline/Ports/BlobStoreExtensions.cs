using CzPick.Pipeline.Contracts;

namespace CzPick.Pipeline.Ports;

/// <summary>JSON documents in a <see cref="IBlobStore"/>, in <see cref="PipelineJson"/>'s shape.</summary>
public static class BlobStoreExtensions
{
    /// <summary>Writes a value as a JSON blob.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="path">The blob.</param>
    /// <param name="value">The value.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The blob's properties.</returns>
    public static Task<StoredBlob> WriteJsonAsync<T>(this IBlobStore store, BlobPath path, T value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.UploadAsync(path, PipelineJson.Serialize(value).ToStream(), cancellationToken);
    }

    /// <summary>Reads a JSON blob.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="path">The blob.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The value, or null when there is no such blob.</returns>
    /// <exception cref="FormatException">The blob is not a <typeparamref name="T"/> in JSON.</exception>
    public static async Task<T?> ReadJsonAsync<T>(this IBlobStore store, BlobPath path, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(store);
        BinaryData? content = await store.DownloadAsync(path, cancellationToken).ConfigureAwait(false);
        return content is null ? null : PipelineJson.Deserialize<T>(content, path.ToString());
    }
}
