using System.Text.Json;
using CzPick.Core.Volumes.Zarr.Blosc;

namespace CzPick.Core.Volumes.Zarr.Codecs;

/// <summary>numcodecs <c>blosc</c>: the chunk framed by Blosc, whose blocks decode independently.</summary>
sealed class BloscCompressor : ZarrCompressor
{
    readonly string description;

    /// <summary>Initializes a new instance of the <see cref="BloscCompressor"/> class from its .zarray entry.</summary>
    /// <param name="configuration">The compressor object; only cname and shuffle are read, for the description.</param>
    public BloscCompressor(JsonElement configuration)
    {
        // Each buffer's header says how it was compressed; the configuration only describes the intent.
        string codec = configuration.TryGetProperty("cname", out JsonElement cname) && cname.ValueKind == JsonValueKind.String
            ? cname.GetString()!
            : "?";
        string shuffle = configuration.TryGetProperty("shuffle", out JsonElement mode) && mode.ValueKind == JsonValueKind.Number
            ? mode.GetInt32() switch
            {
                0 => "no shuffle",
                1 => "byte shuffle",
                2 => "bit shuffle",
                _ => "auto shuffle",
            }
            : "no shuffle";
        this.description = $"blosc {codec}, {shuffle}";
    }

    /// <inheritdoc/>
    public override string Id => "blosc";

    /// <inheritdoc/>
    public override string Description => this.description;

    /// <inheritdoc/>
    public override (int Start, int End) Window(ReadOnlySpan<byte> stored, int chunkBytes, int neededStart, int neededEnd) =>
        BloscDecoder.Window(stored, neededStart, neededEnd);

    /// <inheritdoc/>
    public override void Decode(ReadOnlySpan<byte> stored, int chunkBytes, Span<byte> window, int windowStart) =>
        BloscDecoder.Decode(stored, chunkBytes, window, windowStart);
}
