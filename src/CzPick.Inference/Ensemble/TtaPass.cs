using System.Text.Json;
using System.Text.Json.Serialization;
using CzPick.Core.Geometry;

namespace CzPick.Inference.Ensemble;

/// <summary>
/// One pass of test-time augmentation: the input window is transformed, predicted, and the transform undone on the
/// logits. The seed's four passes are all their own inverse, so undoing a pass is applying it again.
/// </summary>
[JsonConverter(typeof(TtaPassJsonConverter))]
public enum TtaPass
{
    /// <summary>The window as it is ("identity").</summary>
    Identity,

    /// <summary>The window mirrored along x, the fastest axis ("flip-x").</summary>
    FlipX,

    /// <summary>The window mirrored along y ("flip-y").</summary>
    FlipY,

    /// <summary>The window with its x and y axes exchanged ("swap-xy"); needs a window as wide as it is high.</summary>
    SwapXY,
}

/// <summary>Names, parsing and the in-place transforms of <see cref="TtaPass"/>.</summary>
public static class TtaPasses
{
    static readonly string[] Names = ["identity", "flip-x", "flip-y", "swap-xy"];

    /// <summary>Gets the seed's four passes: identity, flip x, flip y, swap x↔y.</summary>
    public static IReadOnlyList<TtaPass> Seed { get; } = [TtaPass.Identity, TtaPass.FlipX, TtaPass.FlipY, TtaPass.SwapXY];

    /// <summary>Returns a pass's name as manifests and the command line write it, e.g. "flip-x".</summary>
    /// <param name="pass">The pass.</param>
    /// <returns>The name.</returns>
    public static string Name(this TtaPass pass) => Names[(int)pass];

    /// <summary>Parses a pass name.</summary>
    /// <param name="name">identity, flip-x, flip-y or swap-xy (any case).</param>
    /// <returns>The pass.</returns>
    /// <exception cref="FormatException">The name is not a pass; the message lists the passes.</exception>
    public static TtaPass Parse(string name)
    {
        int index = Array.FindIndex(Names, known => string.Equals(known, name?.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? (TtaPass)index
            : throw new FormatException($"Unknown TTA pass '{name}'; expected {string.Join(", ", Names)}.");
    }

    /// <summary>
    /// Applies a pass to every channel of a C-order (channel, z, y, x) array, in place. Each pass is its own
    /// inverse, so the same call transforms an input window and undoes the transform on its logits.
    /// </summary>
    /// <param name="pass">The pass.</param>
    /// <param name="values">channels × shape.VoxelCount values.</param>
    /// <param name="shape">One channel's extent.</param>
    /// <param name="channels">The number of channels.</param>
    /// <exception cref="ArgumentException">The length is not channels × voxels, or swap-xy meets a window that is not square in y and x.</exception>
    public static void ApplyInPlace(this TtaPass pass, Span<float> values, Shape3 shape, int channels)
    {
        if (values.Length != channels * shape.VoxelCount)
        {
            throw new ArgumentException($"{channels} channels of {shape} need {channels * shape.VoxelCount} values, not {values.Length}.", nameof(values));
        }

        int rows = channels * shape.Z * shape.Y;
        switch (pass)
        {
            case TtaPass.Identity:
                break;
            case TtaPass.FlipX:
                for (int row = 0; row < rows; row++)
                {
                    values.Slice(row * shape.X, shape.X).Reverse();
                }

                break;
            case TtaPass.FlipY:
                for (int slice = 0; slice < channels * shape.Z; slice++)
                {
                    Span<float> plane = values.Slice(slice * shape.Y * shape.X, shape.Y * shape.X);
                    for (int y = 0; y < shape.Y / 2; y++)
                    {
                        SwapRows(plane.Slice(y * shape.X, shape.X), plane.Slice((shape.Y - 1 - y) * shape.X, shape.X));
                    }
                }

                break;
            case TtaPass.SwapXY:
                if (shape.Y != shape.X)
                {
                    throw new ArgumentException($"swap-xy needs a window as wide as it is high, not {shape} (z, y, x).", nameof(shape));
                }

                for (int slice = 0; slice < channels * shape.Z; slice++)
                {
                    TransposeSquare(values.Slice(slice * shape.Y * shape.X, shape.Y * shape.X), shape.X);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pass), pass, "Unknown TTA pass.");
        }
    }

    static void SwapRows(Span<float> first, Span<float> second)
    {
        for (int x = 0; x < first.Length; x++)
        {
            (first[x], second[x]) = (second[x], first[x]);
        }
    }

    /// <summary>Transposes an n × n plane in place, tile by tile so both rows and columns stay in cache.</summary>
    static void TransposeSquare(Span<float> plane, int n)
    {
        const int Tile = 32;
        for (int top = 0; top < n; top += Tile)
        {
            for (int left = top; left < n; left += Tile)
            {
                int bottom = Math.Min(top + Tile, n);
                int right = Math.Min(left + Tile, n);
                for (int y = top; y < bottom; y++)
                {
                    // On a diagonal tile only the part right of the diagonal is swapped, so nothing is swapped twice.
                    for (int x = left == top ? y + 1 : left; x < right; x++)
                    {
                        (plane[(y * n) + x], plane[(x * n) + y]) = (plane[(x * n) + y], plane[(y * n) + x]);
                    }
                }
            }
        }
    }
}

/// <summary>Reads and writes a pass as its name.</summary>
sealed class TtaPassJsonConverter : JsonConverter<TtaPass>
{
    public override TtaPass Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return reader.TokenType == JsonTokenType.String
                ? TtaPasses.Parse(reader.GetString()!)
                : throw new JsonException($"A TTA pass is a name ({string.Join(", ", TtaPasses.Seed.Select(p => p.Name()))}), not a {reader.TokenType}.");
        }
        catch (FormatException error)
        {
            throw new JsonException(error.Message, error);
        }
    }

    public override void Write(Utf8JsonWriter writer, TtaPass value, JsonSerializerOptions options) => writer.WriteStringValue(value.Name());
}
