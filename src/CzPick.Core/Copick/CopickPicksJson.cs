using System.Text.Json;

namespace CzPick.Core.Copick;

/// <summary>
/// Reads and writes copick picks files (JSON). The reader accepts what any copick version writes: missing or null
/// optional fields take copick's defaults (identity transformation, instance id 0, score 1, trust_orientation true,
/// no points), unknown fields are ignored. The writer emits the fields in the order of copick's CopickPicksFile model,
/// which its model_dump() keeps (trust_orientation after points), indented by four spaces as copick does.
/// </summary>
public static class CopickPicksJson
{
    static readonly JsonWriterOptions WriterOptions = new() { Indented = true, IndentSize = 4 };

    /// <summary>Reads a picks file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="CopickFormatException">The file is not a valid copick picks file; the message says why.</exception>
    public static CopickPicksFile Read(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a picks file.</summary>
    /// <param name="stream">The JSON.</param>
    /// <param name="sourceName">The file or blob name, for messages.</param>
    /// <returns>Its content.</returns>
    /// <exception cref="CopickFormatException">The JSON is not a valid copick picks file; the message says why.</exception>
    public static CopickPicksFile Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using JsonDocument document = CopickJson.Parse(stream, sourceName);
        CopickJson json = new(sourceName);
        JsonElement root = document.RootElement;
        json.RequireObject(root, "the file", "a copick picks object with pickable_object_name, user_id, session_id and points");

        string unit = json.OptionalString(root, "unit", "") ?? CopickPicksFile.Angstrom;
        if (!string.Equals(unit, CopickPicksFile.Angstrom, StringComparison.Ordinal))
        {
            throw new CopickFormatException(sourceName, $"unit is '{unit}'; expected '{CopickPicksFile.Angstrom}' (CzPick reads locations in Å only).");
        }

        List<CopickPoint> points = [];
        if (json.Optional(root, "points", "", JsonValueKind.Array) is JsonElement array)
        {
            foreach (JsonElement point in array.EnumerateArray())
            {
                points.Add(ReadPoint(json, point, $"points[{points.Count}]"));
            }
        }

        return new CopickPicksFile(
            json.RequiredString(root, "pickable_object_name", ""),
            json.RequiredString(root, "user_id", ""),
            json.RequiredString(root, "session_id", ""),
            json.OptionalString(root, "run_name", ""),
            json.OptionalNumber(root, "voxel_spacing", ""),

            // copick defaults a missing trust_orientation to true; an explicit null is falsy to copick's users.
            !root.TryGetProperty("trust_orientation", out _) || (json.OptionalBoolean(root, "trust_orientation", "") ?? false),
            points);
    }

    /// <summary>Writes a picks file.</summary>
    /// <param name="path">The file; its directory is created when missing, an existing file is replaced.</param>
    /// <param name="file">The content.</param>
    /// <exception cref="ArgumentException">A coordinate or score is not finite.</exception>
    public static void Write(string path, CopickPicksFile file)
    {
        ArgumentNullException.ThrowIfNull(file);

        // Checked before the file is created, so a refused write leaves no empty file behind.
        Validate(file);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        using FileStream stream = File.Create(path);
        Write(stream, file);
    }

    /// <summary>Writes a picks file.</summary>
    /// <param name="stream">Receives the JSON (UTF-8, no BOM).</param>
    /// <param name="file">The content.</param>
    /// <exception cref="ArgumentException">A coordinate or score is not finite.</exception>
    public static void Write(Stream stream, CopickPicksFile file)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(file);
        Validate(file);
        using Utf8JsonWriter writer = new(stream, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("pickable_object_name", file.PickableObjectName);
        writer.WriteString("user_id", file.UserId);
        writer.WriteString("session_id", file.SessionId);
        WriteOptional(writer, "run_name", file.RunName);
        if (file.VoxelSpacing is double spacing)
        {
            writer.WriteNumber("voxel_spacing", spacing);
        }
        else
        {
            writer.WriteNull("voxel_spacing");
        }

        writer.WriteString("unit", CopickPicksFile.Angstrom);
        writer.WriteStartArray("points");
        foreach (CopickPoint point in file.Points)
        {
            writer.WriteStartObject();
            writer.WriteStartObject("location");
            writer.WriteNumber("x", point.X);
            writer.WriteNumber("y", point.Y);
            writer.WriteNumber("z", point.Z);
            writer.WriteEndObject();

            // The trailing underscore is copick's: the field shadows its numpy-valued `transformation` property.
            writer.WriteStartArray("transformation_");
            foreach (double[] row in point.Transformation.ToRows())
            {
                writer.WriteStartArray();
                foreach (double element in row)
                {
                    writer.WriteNumberValue(element);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
            writer.WriteNumber("instance_id", point.InstanceId);
            writer.WriteNumber("score", point.Score);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteBoolean("trust_orientation", file.TrustOrientation);
        writer.WriteEndObject();
    }

    static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }

    static void Validate(CopickPicksFile file)
    {
        ArgumentNullException.ThrowIfNull(file.Points);
        if (file.VoxelSpacing is double spacing && !(double.IsFinite(spacing) && spacing > 0))
        {
            throw new ArgumentException($"The voxel spacing of the {file.PickableObjectName} picks is {spacing}; expected a positive number of Å.", nameof(file));
        }

        for (int i = 0; i < file.Points.Count; i++)
        {
            CopickPoint point = file.Points[i];
            if (!double.IsFinite(point.X) || !double.IsFinite(point.Y) || !double.IsFinite(point.Z) || !double.IsFinite(point.Score))
            {
                throw new ArgumentException(
                    $"Point {i} of the {file.PickableObjectName} picks is at ({point.X}, {point.Y}, {point.Z}) with score {point.Score}; JSON holds finite numbers only.",
                    nameof(file));
            }
        }
    }

    static CopickPoint ReadPoint(CopickJson json, JsonElement point, string path)
    {
        json.RequireObject(point, path, "an object with a location");
        if (json.Optional(point, "location", path, JsonValueKind.Object) is not JsonElement location)
        {
            throw new CopickFormatException(json.SourceName, $"{path} has no location; expected \"location\": {{\"x\": …, \"y\": …, \"z\": …}} in Å.");
        }

        string locationPath = $"{path}.location";
        CopickTransformation transformation = CopickTransformation.Identity;
        if (json.Optional(point, "transformation_", path, JsonValueKind.Array) is JsonElement matrix)
        {
            transformation = ReadTransformation(json, matrix, $"{path}.transformation_");
        }

        double? instanceId = json.OptionalNumber(point, "instance_id", path);
        if (instanceId is double id && (id != Math.Floor(id) || id < int.MinValue || id > int.MaxValue))
        {
            throw new CopickFormatException(json.SourceName, $"{path}.instance_id is {id}; expected a 32-bit integer.");
        }

        return new CopickPoint(
            json.RequiredNumber(location, "x", locationPath),
            json.RequiredNumber(location, "y", locationPath),
            json.RequiredNumber(location, "z", locationPath),
            transformation,
            (int)(instanceId ?? 0),
            json.OptionalNumber(point, "score", path) ?? 1.0);
    }

    static CopickTransformation ReadTransformation(CopickJson json, JsonElement matrix, string path)
    {
        List<IReadOnlyList<double>> rows = [];
        foreach (JsonElement row in matrix.EnumerateArray())
        {
            string rowPath = $"{path}[{rows.Count}]";
            if (row.ValueKind != JsonValueKind.Array)
            {
                throw new CopickFormatException(json.SourceName, $"{rowPath} is {CopickJson.Describe(row)}; expected a row of 4 numbers.");
            }

            rows.Add([.. row.EnumerateArray().Select((element, column) => json.Number(element, $"{rowPath}[{column}]"))]);
        }

        return CopickTransformation.ProblemWith(rows) is string problem
            ? throw new CopickFormatException(json.SourceName, $"{path}: {problem}")
            : CopickTransformation.FromRows(rows);
    }
}
