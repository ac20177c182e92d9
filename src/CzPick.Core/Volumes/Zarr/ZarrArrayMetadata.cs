using System.Text.Json;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes.Zarr.Codecs;

namespace CzPick.Core.Volumes.Zarr;

/// <summary>A Zarr v2 array's .zarray: shape, chunk shape, element type, compressor, fill value and key layout.</summary>
/// <param name="Shape">The array's extent, (Z, Y, X).</param>
/// <param name="Chunks">The extent of one chunk; chunks at the far edges are stored full size, padded.</param>
/// <param name="DataType">The element type.</param>
/// <param name="Compressor">The compressor, or null for chunks stored raw.</param>
/// <param name="FillValue">The value of voxels in chunks that were never written.</param>
/// <param name="DeclaredSeparator">The character between chunk indices in a key, '.' or '/', when the .zarray says.</param>
sealed record ZarrArrayMetadata(Shape3 Shape, Shape3 Chunks, ZarrDataType DataType, ZarrCompressor? Compressor, float FillValue, char? DeclaredSeparator)
{
    /// <summary>Gets the size of one stored (decoded) chunk in bytes.</summary>
    public int ChunkByteCount => checked((int)this.Chunks.VoxelCount * this.DataType.Size);

    /// <summary>Gets the number of chunks along each axis.</summary>
    public Shape3 ChunkGrid => new(
        DivideRoundingUp(this.Shape.Z, this.Chunks.Z),
        DivideRoundingUp(this.Shape.Y, this.Chunks.Y),
        DivideRoundingUp(this.Shape.X, this.Chunks.X));

    /// <summary>Parses a .zarray document.</summary>
    /// <param name="root">The document's root object.</param>
    /// <returns>The metadata.</returns>
    /// <exception cref="InvalidDataException">A field is missing, malformed, or not something CzPick reads; the message says which.</exception>
    public static ZarrArrayMetadata Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("expected a JSON object.");
        }

        int format = Required(root, "zarr_format", JsonValueKind.Number).GetInt32();
        if (format != 2)
        {
            throw new InvalidDataException($"zarr_format is {format}; CzPick reads Zarr version 2.");
        }

        Shape3 shape = ParseShape(root, "shape");
        Shape3 chunks = ParseShape(root, "chunks");
        ZarrDataType dataType = ZarrDataType.Parse(Required(root, "dtype", JsonValueKind.String).GetString()!);

        string order = Required(root, "order", JsonValueKind.String).GetString()!;
        if (order != "C")
        {
            throw new InvalidDataException($"order is \"{order}\"; CzPick reads C-order (row-major) chunks only. Rewrite the array with order='C'.");
        }

        if (root.TryGetProperty("filters", out JsonElement filters) && filters.ValueKind != JsonValueKind.Null &&
            !(filters.ValueKind == JsonValueKind.Array && filters.GetArrayLength() == 0))
        {
            throw new InvalidDataException($"filters {filters.GetRawText()} are not supported; CzPick reads arrays without filters.");
        }

        char? separator = null;
        if (root.TryGetProperty("dimension_separator", out JsonElement separatorElement))
        {
            separator = separatorElement.GetString() switch
            {
                "." => '.',
                "/" => '/',
                _ => throw new InvalidDataException($"dimension_separator is {separatorElement.GetRawText()}; expected \".\" or \"/\"."),
            };
        }

        ZarrCompressor? compressor = ZarrCompressor.FromJson(Required(root, "compressor", null));
        float fillValue = dataType.ParseFillValue(Required(root, "fill_value", null));
        ZarrArrayMetadata metadata = new(shape, chunks, dataType, compressor, fillValue, separator);
        if (chunks.VoxelCount * dataType.Size > Array.MaxLength)
        {
            throw new InvalidDataException($"chunks {chunks} of {dataType} hold {chunks.VoxelCount * dataType.Size} bytes; CzPick reads chunks up to 2 GB.");
        }

        return metadata;
    }

    /// <summary>Returns the store key of a chunk, relative to the array.</summary>
    /// <param name="chunk">The chunk's position in the chunk grid.</param>
    /// <returns>For example "1.0.2", or "1/0/2" with the '/' separator.</returns>
    public string ChunkKey(Index3 chunk) => Key(chunk, this.DeclaredSeparator ?? '.');

    /// <summary>
    /// Returns the nested key ("1/0/2") to try when a chunk is missing under its dotted key and the .zarray does not
    /// declare a separator: zarr-python before 2.8 wrote NestedDirectoryStore arrays without saying so, and reading
    /// their chunks as missing would silently give fill values.
    /// </summary>
    /// <param name="chunk">The chunk's position in the chunk grid.</param>
    /// <returns>The nested key, or null when the separator is declared.</returns>
    public string? UndeclaredNestedKey(Index3 chunk) => this.DeclaredSeparator is null ? Key(chunk, '/') : null;

    static string Key(Index3 chunk, char separator) => $"{chunk.Z}{separator}{chunk.Y}{separator}{chunk.X}";

    static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;

    static JsonElement Required(JsonElement root, string name, JsonValueKind? kind)
    {
        if (!root.TryGetProperty(name, out JsonElement value))
        {
            throw new InvalidDataException($"the required field \"{name}\" is missing.");
        }

        if (kind is not null && value.ValueKind != kind)
        {
            throw new InvalidDataException($"\"{name}\" is {value.GetRawText()}; expected a {kind.Value.ToString().ToLowerInvariant()}.");
        }

        return value;
    }

    static Shape3 ParseShape(JsonElement root, string name)
    {
        JsonElement value = Required(root, name, JsonValueKind.Array);
        if (value.GetArrayLength() != 3 ||
            value.EnumerateArray().Any(n => n.ValueKind != JsonValueKind.Number || !n.TryGetInt32(out int extent) || extent < 1))
        {
            string dimensions = value.GetArrayLength() == 3 ? string.Empty : $" CzPick reads 3-D (z, y, x) arrays; this one has {value.GetArrayLength()} dimensions.";
            throw new InvalidDataException($"\"{name}\" is {value.GetRawText()}; expected three positive integers.{dimensions}");
        }

        int[] extents = value.EnumerateArray().Select(n => n.GetInt32()).ToArray();
        return new Shape3(extents[0], extents[1], extents[2]);
    }
}
