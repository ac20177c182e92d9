using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CzPick.Infrastructure.Tests.Arm;

/// <summary>Asserts that a value is known before deployment and reads it.</summary>
static class Known
{
    /// <summary>Reads a known string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The string.</returns>
    public static string String(ArmValue value) => Assert.IsType<KnownValue>(value).String;

    /// <summary>Reads a known boolean.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The boolean.</returns>
    public static bool Bool(ArmValue value) => Assert.IsType<KnownValue>(value).Node is JsonValue node && node.GetValueKind() is JsonValueKind.True or JsonValueKind.False
        ? node.GetValueKind() == JsonValueKind.True
        : throw new InvalidOperationException($"Expected a boolean, found {value.Render()}.");

    /// <summary>Reads a known number.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The number.</returns>
    public static decimal Number(ArmValue value) => Assert.IsType<KnownValue>(value).Node is JsonValue node && node.GetValueKind() == JsonValueKind.Number
        ? decimal.Parse(node.ToJsonString(), CultureInfo.InvariantCulture)
        : throw new InvalidOperationException($"Expected a number, found {value.Render()}.");

    /// <summary>Reads a known array of strings.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The strings.</returns>
    public static IReadOnlyList<string> Strings(ArmValue value) => [.. ArmScope.Elements(value).Select(String)];
}
