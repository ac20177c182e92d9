using System.Text.Json;

namespace CzPick.Core.Volumes.Zarr;

/// <summary>
/// Reads a store's JSON metadata documents (.zgroup, .zattrs, .zarray): from consolidated metadata (.zmetadata, one
/// fetch for all of them) when the store has it, else key by key.
/// </summary>
sealed class ZarrMetadataReader
{
    /// <summary>zarr-python's consolidated metadata key.</summary>
    public const string ConsolidatedKey = ".zmetadata";

    readonly IZarrStore store;
    readonly Dictionary<string, JsonElement>? consolidated;

    ZarrMetadataReader(IZarrStore store, Dictionary<string, JsonElement>? consolidated)
    {
        this.store = store;
        this.consolidated = consolidated;
    }

    /// <summary>Gets a value indicating whether the metadata comes from .zmetadata.</summary>
    public bool IsConsolidated => this.consolidated is not null;

    /// <summary>Opens a store's metadata, reading .zmetadata when it exists.</summary>
    /// <param name="store">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The reader.</returns>
    /// <exception cref="VolumeFormatException">.zmetadata exists but is malformed.</exception>
    public static async Task<ZarrMetadataReader> OpenAsync(IZarrStore store, CancellationToken cancellationToken)
    {
        byte[]? bytes = await store.ReadAsync(ConsolidatedKey, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            return new ZarrMetadataReader(store, null);
        }

        JsonElement root = Parse(store, ConsolidatedKey, bytes);
        if (root.ValueKind != JsonValueKind.Object ||
            !root.TryGetProperty("metadata", out JsonElement metadata) || metadata.ValueKind != JsonValueKind.Object)
        {
            throw new VolumeFormatException(Source(store, ConsolidatedKey), "consolidated metadata has no \"metadata\" object; expected zarr-python's consolidate_metadata layout.");
        }

        Dictionary<string, JsonElement> documents = metadata.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        return new ZarrMetadataReader(store, documents);
    }

    /// <summary>Names a key of a store in messages: the store's location and the key.</summary>
    /// <param name="store">The store.</param>
    /// <param name="key">The key.</param>
    /// <returns>For example "/data/TS_5_4.zarr/0/.zarray".</returns>
    public static string Source(IZarrStore store, string key) => $"{store.Location.TrimEnd('/')}/{key}";

    /// <summary>Reads one metadata document.</summary>
    /// <param name="key">For example "0/.zarray".</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The document's root, or null when the store has no such key.</returns>
    /// <exception cref="VolumeFormatException">The document is not valid JSON.</exception>
    public async ValueTask<JsonElement?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        if (this.consolidated is not null)
        {
            return this.consolidated.TryGetValue(key, out JsonElement document) ? document : null;
        }

        byte[]? bytes = await this.store.ReadAsync(key, cancellationToken).ConfigureAwait(false);
        return bytes is null ? null : Parse(this.store, key, bytes);
    }

    static JsonElement Parse(IZarrStore store, string key, byte[] bytes)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = false });
            return document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            throw new VolumeFormatException(Source(store, key), $"not valid JSON ({error.Message})", error);
        }
    }
}
