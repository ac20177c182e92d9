using System.Text.Json;

namespace CzPick.Pipeline.Contracts;

/// <summary>
/// The one JSON shape of everything the pipeline writes itself (queue messages, plan, block results, failure
/// records): web defaults, so camelCase property names. Reading is strict: a missing property without a default, or
/// a null where the contract allows none, is malformed input, not a half-filled value.
/// </summary>
public static class PipelineJson
{
    /// <summary>Gets the serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>Serializes a value to UTF-8 JSON.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The JSON.</returns>
    public static BinaryData Serialize<T>(T value) => BinaryData.FromObjectAsJson(value, Options);

    /// <summary>Deserializes UTF-8 JSON, failing clearly on null or malformed input.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="json">The JSON.</param>
    /// <param name="source">What the JSON came from, for the error message.</param>
    /// <returns>The value.</returns>
    /// <exception cref="FormatException">The JSON is malformed, null, or not a <typeparamref name="T"/>.</exception>
    public static T Deserialize<T>(BinaryData json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return json.ToObjectFromJson<T>(Options) ?? throw new FormatException($"{source}: expected a {typeof(T).Name} in JSON, found null.");
        }
        catch (JsonException error)
        {
            throw new FormatException($"{source}: expected a {typeof(T).Name} in JSON: {error.Message}", error);
        }
    }
}
