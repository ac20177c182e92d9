using System.Text.Json;

namespace CzPick.Core.Copick;

/// <summary>
/// Reads copick's JSON with messages that name the file and the field (e.g. <c>points[3].location.x</c>) and say
/// what was expected. A missing field and an explicit null mean the same, as they do to copick's pydantic models.
/// </summary>
/// <param name="sourceName">The file or blob being read.</param>
sealed class CopickJson(string sourceName)
{
    public string SourceName { get; } = sourceName;

    public static JsonDocument Parse(Stream stream, string sourceName)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException error)
        {
            throw new CopickFormatException(
                sourceName,
                $"not valid JSON at line {error.LineNumber + 1}, byte {error.BytePositionInLine + 1}: {error.Message.Split(" LineNumber:", 2)[0]}",
                error);
        }
    }

    public static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => $"the string \"{element.GetString()}\"",
        JsonValueKind.Number => $"the number {element.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    public void RequireObject(JsonElement element, string what, string expected)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new CopickFormatException(this.SourceName, $"{what} is {Describe(element)}; expected {expected}.");
        }
    }

    /// <summary>Returns a field of the given kind (True stands for either boolean), or null when it is missing or null.</summary>
    public JsonElement? Optional(JsonElement parent, string name, string path, JsonValueKind kind)
    {
        if (!parent.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
        {
            throw new CopickFormatException(this.SourceName, $"{Join(path, name)} is {Describe(value)}; expected {KindName(kind)}.");
        }

        return value;
    }

    public string RequiredString(JsonElement parent, string name, string path) =>
        this.OptionalString(parent, name, path) ?? throw this.Missing(name, path, "a string");

    public string? OptionalString(JsonElement parent, string name, string path) =>
        this.Optional(parent, name, path, JsonValueKind.String)?.GetString();

    public double RequiredNumber(JsonElement parent, string name, string path) =>
        this.OptionalNumber(parent, name, path) ?? throw this.Missing(name, path, "a number");

    public double? OptionalNumber(JsonElement parent, string name, string path) =>
        this.Optional(parent, name, path, JsonValueKind.Number) is JsonElement value ? this.Number(value, Join(path, name)) : null;

    public bool RequiredBoolean(JsonElement parent, string name, string path) =>
        this.OptionalBoolean(parent, name, path) ?? throw this.Missing(name, path, "true or false");

    public bool? OptionalBoolean(JsonElement parent, string name, string path) =>
        this.Optional(parent, name, path, JsonValueKind.True)?.GetBoolean();

    public double Number(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out double value) && double.IsFinite(value)
            ? value
            : throw new CopickFormatException(this.SourceName, $"{path} is {Describe(element)}; expected a finite number.");

    static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    static string KindName(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => "true or false",
    };

    CopickFormatException Missing(string name, string path, string expected) =>
        new(this.SourceName, $"{Join(path, name)} is missing; expected {expected}.");
}
