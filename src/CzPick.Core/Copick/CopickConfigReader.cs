using System.Text.Json;
using CzPick.Core.Particles;

namespace CzPick.Core.Copick;

/// <summary>
/// Reads the particles of a copick project config (<c>pickable_objects</c>), checked as copick's pydantic model checks
/// them, plus what CzPick needs: a particle must have a positive radius (the metric matches within half of it) and a
/// positive label unique across all objects (labels are network output channels). Objects that are not particles
/// (segmentation targets such as membranes) only take part in the label check.
/// </summary>
static class CopickConfigReader
{
    // copick's PickableObject defaults: label 1, color (100, 100, 100, 255).
    const int DefaultLabel = 1;
    static readonly byte[] DefaultColor = [100, 100, 100, 255];

    /// <summary>Weight for a particle the competition does not know, as the Kaggle scorer's weights.get(type, 1.0).</summary>
    const double UnknownParticleWeight = 1;

    public static IReadOnlyList<ParticleType> ReadParticles(Stream stream, string sourceName)
    {
        using JsonDocument document = CopickJson.Parse(stream, sourceName);
        return ReadParticles(document.RootElement, new CopickJson(sourceName));
    }

    /// <summary>Reads the particles of a config already parsed, e.g. by <see cref="CopickProject"/>, which reads its roots too.</summary>
    public static IReadOnlyList<ParticleType> ReadParticles(JsonElement root, CopickJson json)
    {
        string sourceName = json.SourceName;
        json.RequireObject(root, "the file", "a copick project config object with pickable_objects");
        if (json.Optional(root, "pickable_objects", "", JsonValueKind.Array) is not JsonElement objects)
        {
            throw new CopickFormatException(sourceName, "pickable_objects is missing; expected a list of objects with name, is_particle, label, color and radius.");
        }

        List<ParticleType> particles = [];
        Dictionary<string, string> pathsByName = new(StringComparer.Ordinal);
        Dictionary<int, string> pathsByLabel = [];
        int index = 0;
        foreach (JsonElement item in objects.EnumerateArray())
        {
            string path = $"pickable_objects[{index++}]";
            json.RequireObject(item, path, "an object with name, is_particle, label, color and radius");
            string name = json.RequiredString(item, "name", path);
            if (CopickNames.ProblemWithName(name) is string problem)
            {
                throw new CopickFormatException(sourceName, $"{path}.name '{name}' {problem}.");
            }

            path = $"{path} ({name})";
            if (!pathsByName.TryAdd(name, path))
            {
                throw new CopickFormatException(sourceName, $"{path} has the same name as {pathsByName[name]}; names must be unique.");
            }

            int label = ReadLabel(json, item, path);
            if (!pathsByLabel.TryAdd(label, path))
            {
                throw new CopickFormatException(sourceName, $"{path} has label {label}, as {pathsByLabel[label]} has; labels must be unique.");
            }

            byte[] color = ReadColor(json, item, path);
            string? pdbId = json.OptionalString(item, "pdb_id", path);

            // Validated as copick validates it, though only viewers use it (the isosurface level).
            json.OptionalNumber(item, "map_threshold", path);
            if (!json.RequiredBoolean(item, "is_particle", path))
            {
                continue;
            }

            double radius = json.OptionalNumber(item, "radius", path)
                ?? throw new CopickFormatException(sourceName, $"{path} is a particle without a radius; expected \"radius\" in Å (a pick matches within half of it).");
            if (radius <= 0)
            {
                throw new CopickFormatException(sourceName, $"{path}.radius is {radius}; expected a positive number of Å.");
            }

            ParticleType? known = ParticleCatalog.Czii.TryGet(name, out ParticleType? czii) ? czii : null;
            particles.Add(new ParticleType(label, name, pdbId, radius, known?.ScoreWeight ?? UnknownParticleWeight, color, known?.Picking));
        }

        return particles.Count > 0
            ? particles
            : throw new CopickFormatException(sourceName, "no pickable object has \"is_particle\": true; expected at least one particle to pick.");
    }

    static int ReadLabel(CopickJson json, JsonElement item, string path)
    {
        double label = json.OptionalNumber(item, "label", path) ?? DefaultLabel;
        if (label != Math.Floor(label) || label < 1 || label > byte.MaxValue)
        {
            throw new CopickFormatException(
                json.SourceName,
                $"{path}.label is {label}; expected an integer from 1 to 255 (0 is background, and labels are network output channels).");
        }

        return (int)label;
    }

    static byte[] ReadColor(CopickJson json, JsonElement item, string path)
    {
        if (json.Optional(item, "color", path, JsonValueKind.Array) is not JsonElement array)
        {
            return [.. DefaultColor];
        }

        double[] values = [.. array.EnumerateArray().Select((element, i) => json.Number(element, $"{path}.color[{i}]"))];
        if (values.Length != 4 || values.Any(v => v != Math.Floor(v) || v < 0 || v > 255))
        {
            throw new CopickFormatException(json.SourceName, $"{path}.color is [{string.Join(", ", values)}]; expected [r, g, b, a] with integers from 0 to 255.");
        }

        return [.. values.Select(v => (byte)v)];
    }
}
