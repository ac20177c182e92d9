using System.Text.Json;

namespace CzPick.Core.Volumes.Zarr;

/// <summary>
/// The first OME-NGFF <c>multiscales</c> entry of a group's .zattrs (versions 0.1–0.4): the levels' array paths and
/// voxel sizes, highest resolution first, as the CryoET Data Portal and copick write them (levels "0", "1", "2",
/// axes z, y, x in Å with one <c>scale</c> transformation each).
/// </summary>
/// <param name="Levels">The levels, highest resolution first.</param>
/// <param name="Assumptions">What the metadata left open and the reader assumed, in words.</param>
sealed record OmeMultiscales(IReadOnlyList<ZarrLevel> Levels, IReadOnlyList<string> Assumptions)
{
    static readonly Dictionary<string, double> AngstromPerUnit = new(StringComparer.Ordinal)
    {
        ["angstrom"] = 1,
        ["nanometer"] = 10,
        ["micrometer"] = 1e4,
    };

    /// <summary>Reads the multiscales of a group's attributes.</summary>
    /// <param name="attributes">The .zattrs document.</param>
    /// <returns>The levels, or null when the attributes hold no multiscales entry.</returns>
    /// <exception cref="InvalidDataException">The entry is malformed or describes something other than a z, y, x volume.</exception>
    public static OmeMultiscales? Parse(JsonElement attributes)
    {
        if (attributes.ValueKind != JsonValueKind.Object ||
            !attributes.TryGetProperty("multiscales", out JsonElement all))
        {
            return null;
        }

        if (all.ValueKind != JsonValueKind.Array || all.GetArrayLength() == 0 || all[0].ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException("\"multiscales\" must be a non-empty array of objects.");
        }

        JsonElement multiscale = all[0];
        List<string> assumptions = [];
        double angstromPerUnit = ParseAxes(multiscale, assumptions);
        double[] groupScale = ParseScale(multiscale, "the multiscale") ?? [1, 1, 1];
        if (!multiscale.TryGetProperty("datasets", out JsonElement datasets) || datasets.ValueKind != JsonValueKind.Array || datasets.GetArrayLength() == 0)
        {
            throw new InvalidDataException("multiscales[0] has no \"datasets\"; expected one entry per level with a \"path\".");
        }

        List<ZarrLevel> levels = [];
        foreach (JsonElement dataset in datasets.EnumerateArray())
        {
            if (dataset.ValueKind != JsonValueKind.Object ||
                !dataset.TryGetProperty("path", out JsonElement path) || path.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(path.GetString()))
            {
                throw new InvalidDataException($"multiscales[0].datasets[{levels.Count}] has no \"path\".");
            }

            double[]? scale = ParseScale(dataset, $"datasets[{levels.Count}]");
            VoxelSizeAngstrom? voxelSize = scale is null
                ? null
                : new VoxelSizeAngstrom(
                    X: scale[2] * groupScale[2] * angstromPerUnit,
                    Y: scale[1] * groupScale[1] * angstromPerUnit,
                    Z: scale[0] * groupScale[0] * angstromPerUnit);
            levels.Add(new ZarrLevel(path.GetString()!, voxelSize));
        }

        return new OmeMultiscales(levels, assumptions);
    }

    /// <summary>Checks that the axes are z, y, x in space and returns the Å per unit of their scales.</summary>
    static double ParseAxes(JsonElement multiscale, List<string> assumptions)
    {
        if (!multiscale.TryGetProperty("axes", out JsonElement axes))
        {
            // NGFF 0.1 and 0.2 have no axes: a 3-D array is z, y, x.
            assumptions.Add("the multiscales have no axes (OME-NGFF 0.1/0.2); assumed z, y, x in Å");
            return 1;
        }

        if (axes.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"multiscales[0].axes is {axes.GetRawText()}; expected an array.");
        }

        // 0.3 lists names; 0.4 lists objects with a name, a type and a unit.
        string[] names = axes.EnumerateArray()
            .Select(axis => axis.ValueKind == JsonValueKind.String ? axis.GetString() : axis.TryGetProperty("name", out JsonElement name) ? name.GetString() : null)
            .Select(name => name ?? "?")
            .ToArray();
        if (!names.SequenceEqual(["z", "y", "x"]))
        {
            throw new InvalidDataException($"multiscales[0].axes are ({string.Join(", ", names)}); CzPick reads volumes whose axes are (z, y, x), z slowest.");
        }

        string?[] units = axes.EnumerateArray()
            .Select(axis => axis.ValueKind == JsonValueKind.Object && axis.TryGetProperty("unit", out JsonElement unit) ? unit.GetString() : null)
            .ToArray();
        if (units.Distinct().Count() > 1)
        {
            throw new InvalidDataException($"multiscales[0].axes have different units ({string.Join(", ", units.Select(u => u ?? "none"))}); expected one length unit.");
        }

        string? common = units[0];
        if (common is null)
        {
            // The data portal and copick write Å; with no unit there is nothing better to go on.
            assumptions.Add("the axes have no unit; assumed Å, as the CryoET Data Portal and copick write");
            return 1;
        }

        return AngstromPerUnit.TryGetValue(common, out double factor)
            ? factor
            : throw new InvalidDataException($"axis unit \"{common}\" is not supported; expected angstrom, nanometer or micrometer.");
    }

    /// <summary>Returns the product of an object's scale transformations, or null when it has none.</summary>
    static double[]? ParseScale(JsonElement owner, string where)
    {
        if (!owner.TryGetProperty("coordinateTransformations", out JsonElement transformations))
        {
            return null;
        }

        double[]? scale = null;
        foreach (JsonElement transformation in transformations.EnumerateArray())
        {
            if (!transformation.TryGetProperty("type", out JsonElement type) || type.GetString() != "scale")
            {
                // Translations move the origin, not the voxel size.
                continue;
            }

            if (!transformation.TryGetProperty("scale", out JsonElement values) || values.ValueKind != JsonValueKind.Array ||
                values.GetArrayLength() != 3 || values.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number || !(v.GetDouble() > 0)))
            {
                throw new InvalidDataException($"the scale of {where} is {(values.ValueKind == JsonValueKind.Undefined ? "missing" : values.GetRawText())}; expected three positive numbers (z, y, x).");
            }

            double[] factors = values.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            scale = scale is null ? factors : [scale[0] * factors[0], scale[1] * factors[1], scale[2] * factors[2]];
        }

        return scale;
    }
}
