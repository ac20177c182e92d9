using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CzPick.Infrastructure.Tests.Arm;

/// <summary>
/// The value of an ARM template expression as far as it can be known before deployment: a JSON value, or the
/// expression that ARM will evaluate at deployment (a function call, a property or an index of one), with every
/// parameter and variable inside it already resolved.
/// </summary>
abstract record ArmValue
{
    /// <summary>Writes the value in ARM expression syntax, string literals quoted.</summary>
    /// <returns>The expression text.</returns>
    public abstract string Render();

    /// <summary>Returns whether this value, or any value inside it, satisfies <paramref name="predicate"/>.</summary>
    /// <param name="predicate">The test.</param>
    /// <returns>True if some part matches.</returns>
    public virtual bool Any(Func<ArmValue, bool> predicate) => predicate(this);
}

/// <summary>A value known before deployment. Strings inside objects and arrays may still be expressions: read
/// members through <see cref="ArmScope.Member"/> so that they are evaluated in <see cref="Scope"/>.</summary>
sealed record KnownValue(JsonNode? Node, ArmScope Scope) : ArmValue
{
    /// <summary>Gets the value as a string; fails if it is not one.</summary>
    public string String => this.Node is JsonValue value && value.TryGetValue(out string? text)
        ? text
        : throw new InvalidOperationException($"Expected a string, found {this.Render()}.");

    /// <inheritdoc/>
    public override string Render() => this.Node switch
    {
        JsonValue value when value.TryGetValue(out string? text) => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        null => "null",
        _ => this.Node.ToJsonString(),
    };

    /// <inheritdoc/>
    public override bool Any(Func<ArmValue, bool> predicate) => predicate(this) || this.Node switch
    {
        JsonObject obj => obj.Any(pair => this.Scope.FromJson(pair.Value).Any(predicate)),
        JsonArray array => array.Any(item => this.Scope.FromJson(item).Any(predicate)),
        _ => false,
    };

    /// <summary>Makes a known string, number or boolean.</summary>
    /// <param name="value">The value.</param>
    /// <param name="scope">The scope it belongs to.</param>
    /// <returns>The known value.</returns>
    public static KnownValue Of(object value, ArmScope scope) => new(JsonValue.Create(value), scope);

    /// <summary>Returns the value as text for string building: strings raw, numbers invariant.</summary>
    /// <returns>The text, or null when the value is not a scalar.</returns>
    public string? ScalarText() => this.Node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => decimal.Parse(value.ToJsonString(), CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            JsonValueKind.True => "True",
            JsonValueKind.False => "False",
            _ => null,
        }
        : null;
}

/// <summary>A function call left for ARM to evaluate, such as <c>reference(…)</c> or <c>uniqueString(…)</c>.</summary>
sealed record CallValue(string Function, IReadOnlyList<ArmValue> Arguments) : ArmValue
{
    /// <inheritdoc/>
    public override string Render() => $"{this.Function}({string.Join(", ", this.Arguments.Select(a => a.Render()))})";

    /// <inheritdoc/>
    public override bool Any(Func<ArmValue, bool> predicate) => predicate(this) || this.Arguments.Any(a => a.Any(predicate));
}

/// <summary>A property of a value known only at deployment, such as <c>reference(…).principalId</c>.</summary>
sealed record MemberValue(ArmValue Target, string Name) : ArmValue
{
    /// <inheritdoc/>
    public override string Render() => $"{this.Target.Render()}.{this.Name}";

    /// <inheritdoc/>
    public override bool Any(Func<ArmValue, bool> predicate) => predicate(this) || this.Target.Any(predicate);
}

/// <summary>An element of a value known only at deployment.</summary>
sealed record IndexValue(ArmValue Target, ArmValue Index) : ArmValue
{
    /// <inheritdoc/>
    public override string Render() => $"{this.Target.Render()}[{this.Index.Render()}]";

    /// <inheritdoc/>
    public override bool Any(Func<ArmValue, bool> predicate) => predicate(this) || this.Target.Any(predicate) || this.Index.Any(predicate);
}
