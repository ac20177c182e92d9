using System.Text.Json;
using System.Text.Json.Serialization;
using CzPick.Core.Geometry;
using CzPick.Core.Volumes;

namespace CzPick.Core.Outputs;

/// <summary>
/// Reads and writes <see cref="RunSummary"/> as JSON with snake_case names; a shape is written as
/// <c>{"z": 184, "y": 630, "x": 630}</c> and a voxel size as <c>{"x": 10.012, "y": 10.012, "z": 10.012}</c>, so no
/// reader has to guess an axis order.
/// </summary>
public static class RunSummaryJson
{
    static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new Shape3Converter(), new VoxelSizeConverter() },
    };

    /// <summary>Writes a summary file.</summary>
    /// <param name="path">The file; its directory is created when missing, an existing file is replaced.</param>
    /// <param name="summary">The summary.</param>
    public static void Write(string path, RunSummary summary)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using FileStream stream = File.Create(path);
        Write(stream, summary);
    }

    /// <summary>Writes a summary.</summary>
    /// <param name="stream">Receives the JSON (UTF-8).</param>
    /// <param name="summary">The summary.</param>
    public static void Write(Stream stream, RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        JsonSerializer.Serialize(stream, summary, Options);
    }

    /// <summary>Reads a summary file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="RunSummaryFormatException">The file is not a valid summary; the message says why.</exception>
    public static RunSummary Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a summary.</summary>
    /// <param name="stream">The JSON.</param>
    /// <param name="sourceName">The file or blob name, for messages.</param>
    /// <returns>The summary.</returns>
    /// <exception cref="RunSummaryFormatException">The JSON is not a valid summary; the message says why.</exception>
    public static RunSummary Read(Stream stream, string sourceName)
    {
        RunSummary? summary;
        try
        {
            summary = JsonSerializer.Deserialize<RunSummary>(stream, Options);
        }
        catch (JsonException error)
        {
            throw new RunSummaryFormatException(sourceName, $"{error.Message} Expected a CzPick summary.json (run, created, czpick_version, input, model, counts, timings_seconds).", error);
        }

        if (summary is null)
        {
            throw new RunSummaryFormatException(sourceName, "the file holds null; expected a CzPick summary object.");
        }

        if (Problem(summary) is string problem)
        {
            throw new RunSummaryFormatException(sourceName, problem);
        }

        return summary;
    }

    static string? Problem(RunSummary summary)
    {
        if (summary.Run.Length == 0)
        {
            return "run is empty; expected the run name.";
        }

        if (!summary.Input.Shape.IsPositive)
        {
            return $"input.shape is {summary.Input.Shape}; expected positive extents.";
        }

        VoxelSizeAngstrom size = summary.Input.VoxelSize;
        if (!(size.X > 0 && size.Y > 0 && size.Z > 0))
        {
            return $"input.voxel_size is {size}; expected positive sizes in Å.";
        }

        foreach (KeyValuePair<string, int> count in summary.Counts)
        {
            if (count.Value < 0)
            {
                return $"counts.{count.Key} is {count.Value}; expected a count of picks, 0 or more.";
            }
        }

        foreach (KeyValuePair<string, double> timing in summary.TimingsSeconds)
        {
            if (!(double.IsFinite(timing.Value) && timing.Value >= 0))
            {
                return $"timings_seconds.{timing.Key} is {timing.Value}; expected seconds, 0 or more.";
            }
        }

        return null;
    }

    /// <summary>Reads an object of the three axes x, y and z, in any order.</summary>
    static (double X, double Y, double Z) ReadAxes(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"{what} is not an object; expected {{\"x\": …, \"y\": …, \"z\": …}}.");
        }

        double?[] axes = new double?[3];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? name = reader.GetString();
            int axis = name switch { "x" => 0, "y" => 1, "z" => 2, _ => -1 };
            if (axis < 0 || !reader.Read() || reader.TokenType != JsonTokenType.Number)
            {
                throw new JsonException($"{what} holds '{name}' that is not an axis with a number; expected {{\"x\": …, \"y\": …, \"z\": …}}.");
            }

            axes[axis] = reader.GetDouble();
        }

        return axes is [double x, double y, double z]
            ? (x, y, z)
            : throw new JsonException($"{what} lacks an axis; expected {{\"x\": …, \"y\": …, \"z\": …}}.");
    }

    sealed class Shape3Converter : JsonConverter<Shape3>
    {
        public override Shape3 Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            (double x, double y, double z) = ReadAxes(ref reader, "shape");
            return IsVoxelCount(x) && IsVoxelCount(y) && IsVoxelCount(z)
                ? new Shape3((int)z, (int)y, (int)x)
                : throw new JsonException($"shape (z {z}, y {y}, x {x}) holds a number that is not a positive whole number of voxels.");
        }

        static bool IsVoxelCount(double extent) => extent == Math.Floor(extent) && extent >= 1 && extent <= int.MaxValue;

        public override void Write(Utf8JsonWriter writer, Shape3 value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("z", value.Z);
            writer.WriteNumber("y", value.Y);
            writer.WriteNumber("x", value.X);
            writer.WriteEndObject();
        }
    }

    sealed class VoxelSizeConverter : JsonConverter<VoxelSizeAngstrom>
    {
        public override VoxelSizeAngstrom Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            (double x, double y, double z) = ReadAxes(ref reader, "voxel_size");
            return new VoxelSizeAngstrom(x, y, z);
        }

        public override void Write(Utf8JsonWriter writer, VoxelSizeAngstrom value, JsonSerializerOptions options)
        {
            writer.WriteStartObject();
            writer.WriteNumber("x", value.X);
            writer.WriteNumber("y", value.Y);
            writer.WriteNumber("z", value.Z);
            writer.WriteEndObject();
        }
    }
}
