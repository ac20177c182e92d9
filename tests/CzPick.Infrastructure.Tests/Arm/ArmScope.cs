using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CzPick.Infrastructure.Tests.Arm;

/// <summary>
/// One template of a compiled deployment (the main one, or a module's nested one) with the parameter values it is
/// given, evaluating its expressions as far as they can be known before deployment. Parameters and variables are
/// resolved through the modules up to the root; <c>format</c>, <c>concat</c>, <c>if</c>, <c>union</c> and a few
/// others are computed when their arguments are known; every other function is kept as a <see cref="CallValue"/>.
/// </summary>
sealed class ArmScope
{
    readonly JsonObject template;
    readonly JsonObject? parameterValues;
    readonly ArmScope? parent;
    readonly IReadOnlyDictionary<string, JsonNode?> rootParameters;

    /// <summary>Initializes a new instance of the <see cref="ArmScope"/> class for the main template.</summary>
    /// <param name="template">The compiled template.</param>
    /// <param name="rootParameters">Values of its parameters, as a deployment would pass them; the others take
    /// their defaults or stay unknown.</param>
    public ArmScope(JsonObject template, IReadOnlyDictionary<string, JsonNode?> rootParameters)
    {
        this.template = template;
        this.rootParameters = rootParameters;
    }

    ArmScope(JsonObject template, JsonObject? parameterValues, ArmScope parent)
    {
        this.template = template;
        this.parameterValues = parameterValues;
        this.parent = parent;
        this.rootParameters = parent.rootParameters;
    }

    /// <summary>Gets the template.</summary>
    public JsonObject Template => this.template;

    /// <summary>Returns the scope of a module: the nested template of a <c>Microsoft.Resources/deployments</c>
    /// resource of this template, whose parameter values are evaluated here.</summary>
    /// <param name="deployment">The deployment resource.</param>
    /// <returns>The nested scope.</returns>
    public ArmScope Nested(JsonObject deployment)
    {
        JsonObject properties = deployment["properties"]!.AsObject();
        return new ArmScope(properties["template"]!.AsObject(), properties["parameters"]?.AsObject(), this);
    }

    /// <summary>Turns a JSON value of this template into a value: strings in brackets are expressions.</summary>
    /// <param name="node">The JSON value.</param>
    /// <returns>The value.</returns>
    public ArmValue FromJson(JsonNode? node)
    {
        if (node is JsonValue value && value.TryGetValue(out string? text) && text.StartsWith('['))
        {
            return text.StartsWith("[[", StringComparison.Ordinal)
                ? KnownValue.Of(text[1..], this)
                : this.Evaluate(text[1..^1]);
        }

        return new KnownValue(node, this);
    }

    /// <summary>Evaluates an expression (without its brackets).</summary>
    /// <param name="expression">The expression, for example <c>format('{0}-x', parameters('name'))</c>.</param>
    /// <returns>The value.</returns>
    public ArmValue Evaluate(string expression)
    {
        Parser parser = new(expression, this);
        ArmValue result = parser.ParseExpression();
        parser.ExpectEnd();
        return result;
    }

    /// <summary>Returns a property of a value (ARM property names are case-insensitive).</summary>
    /// <param name="target">The value.</param>
    /// <param name="name">The property.</param>
    /// <returns>The property's value.</returns>
    public ArmValue Member(ArmValue target, string name)
    {
        if (target is not KnownValue known)
        {
            return new MemberValue(target, name);
        }

        if (known.Node is not JsonObject obj)
        {
            throw new InvalidOperationException($"Property '{name}' of {known.Render()}, which is not an object.");
        }

        JsonNode? member = obj.TryGetPropertyValue(name, out JsonNode? exact)
            ? exact
            : obj.FirstOrDefault(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)).Value
                ?? throw new KeyNotFoundException($"No property '{name}' in {known.Render()}.");
        return known.Scope.FromJson(member);
    }

    /// <summary>Follows a dotted path of properties from a value.</summary>
    /// <param name="target">The value.</param>
    /// <param name="path">Property names separated by dots.</param>
    /// <returns>The value at the path.</returns>
    public ArmValue Path(ArmValue target, string path) => path.Split('.').Aggregate(target, this.Member);

    /// <summary>Returns whether a known object has a property.</summary>
    /// <param name="target">The object.</param>
    /// <param name="name">The property.</param>
    /// <returns>True if the property is there.</returns>
    public static bool Has(ArmValue target, string name) =>
        target is KnownValue { Node: JsonObject obj } && obj.Any(pair => string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Returns the elements of a known array.</summary>
    /// <param name="target">The array.</param>
    /// <returns>Its elements, evaluated.</returns>
    public static IReadOnlyList<ArmValue> Elements(ArmValue target) => target is KnownValue { Node: JsonArray array } known
        ? [.. array.Select(known.Scope.FromJson)]
        : throw new InvalidOperationException($"Expected an array, found {target.Render()}.");

    /// <summary>Returns the keys of a known object, evaluating keys written as expressions.</summary>
    /// <param name="target">The object.</param>
    /// <returns>Its keys.</returns>
    public static IReadOnlyList<ArmValue> Keys(ArmValue target) => target is KnownValue { Node: JsonObject obj } known
        ? [.. obj.Select(pair => known.Scope.FromJson(JsonValue.Create(pair.Key)))]
        : throw new InvalidOperationException($"Expected an object, found {target.Render()}.");

    ArmValue Parameter(string name)
    {
        if (this.parent is not null && this.parameterValues is not null && this.parameterValues.TryGetPropertyValue(name, out JsonNode? given))
        {
            return this.parent.FromJson(given!["value"]);
        }

        if (this.parent is null && this.rootParameters.TryGetValue(name, out JsonNode? value))
        {
            return new KnownValue(value?.DeepClone(), this);
        }

        JsonObject declaration = this.template["parameters"]?[name]?.AsObject()
            ?? throw new KeyNotFoundException($"Parameter '{name}' is not declared.");
        return declaration.TryGetPropertyValue("defaultValue", out JsonNode? defaultValue)
            ? this.FromJson(defaultValue)
            : new CallValue("parameters", [KnownValue.Of(name, this)]);
    }

    ArmValue Variable(string name) => this.FromJson(
        this.template["variables"]?[name] ?? throw new KeyNotFoundException($"Variable '{name}' is not declared."));

    ArmValue Index(ArmValue target, ArmValue index) => (target, index) switch
    {
        (KnownValue { Node: JsonObject }, KnownValue key) when key.ScalarText() is string name => this.Member(target, name),
        (KnownValue { Node: JsonArray } array, KnownValue position) when position.Node is JsonValue number && number.GetValueKind() == JsonValueKind.Number =>
            Elements(array)[int.Parse(number.ToJsonString(), CultureInfo.InvariantCulture)],
        _ => new IndexValue(target, index),
    };

    ArmValue Call(string function, IReadOnlyList<ArmValue> arguments)
    {
        ArmValue? computed = function.ToLowerInvariant() switch
        {
            "parameters" => this.Parameter(Text(arguments[0])),
            "variables" => this.Variable(Text(arguments[0])),
            "format" => this.Format(arguments),
            "concat" => arguments.All(a => a is KnownValue { Node: JsonValue }) ? this.Known(string.Concat(arguments.Select(Text))) : null,
            "string" => arguments[0] is KnownValue known && known.ScalarText() is string text ? this.Known(text) : null,
            "tolower" => arguments[0] is KnownValue lower && lower.ScalarText() is string l ? this.Known(l.ToLowerInvariant()) : null,
            "empty" => TryMaterialize(arguments[0], out JsonNode? subject) ? this.Known(IsEmpty(subject)) : null,
            "not" => arguments[0] is KnownValue { Node: JsonValue b } && b.TryGetValue(out bool flag) ? this.Known(!flag) : null,
            "equals" => TryMaterialize(arguments[0], out JsonNode? left) && TryMaterialize(arguments[1], out JsonNode? right)
                ? this.Known(JsonNode.DeepEquals(left, right))
                : null,
            "if" => arguments[0] is KnownValue { Node: JsonValue c } && c.TryGetValue(out bool condition) ? arguments[condition ? 1 : 2] : null,
            "createobject" => this.CreateObject(arguments),
            "union" => this.Union(arguments),
            _ => null,
        };
        return computed ?? new CallValue(function, arguments);
    }

    ArmValue Known(object value) => KnownValue.Of(value, this);

    static string Text(ArmValue value) => value is KnownValue known && known.ScalarText() is string text
        ? text
        : throw new InvalidOperationException($"Expected a known string, found {value.Render()}.");

    static bool IsEmpty(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Count == 0,
        JsonArray array => array.Count == 0,
        JsonValue value when value.TryGetValue(out string? text) => text.Length == 0,
        _ => false,
    };

    // format with some arguments known: the known ones are written into the pattern, the others keep their place.
    ArmValue Format(IReadOnlyList<ArmValue> arguments)
    {
        string pattern = Text(arguments[0]);
        StringBuilder known = new();
        StringBuilder rewritten = new();
        List<ArmValue> unknown = [];
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if ((c == '{' || c == '}') && i + 1 < pattern.Length && pattern[i + 1] == c)
            {
                known.Append(c);
                rewritten.Append(c).Append(c);
                i++;
            }
            else if (c == '{')
            {
                int end = pattern.IndexOf('}', i);
                int index = int.Parse(pattern[(i + 1)..end], CultureInfo.InvariantCulture);
                ArmValue argument = arguments[index + 1];
                if (argument is KnownValue value && value.ScalarText() is string text)
                {
                    known.Append(text);
                    rewritten.Append(text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal));
                }
                else
                {
                    rewritten.Append('{').Append(unknown.Count.ToString(CultureInfo.InvariantCulture)).Append('}');
                    unknown.Add(argument);
                }

                i = end;
            }
            else
            {
                known.Append(c);
                rewritten.Append(c);
            }
        }

        return unknown.Count == 0 ? this.Known(known.ToString()) : new CallValue("format", [this.Known(rewritten.ToString()), .. unknown]);
    }

    ArmValue? CreateObject(IReadOnlyList<ArmValue> arguments)
    {
        JsonObject result = [];
        for (int i = 0; i + 1 < arguments.Count; i += 2)
        {
            if (!TryMaterialize(arguments[i + 1], out JsonNode? value))
            {
                return null;
            }

            result[Text(arguments[i])] = value;
        }

        return new KnownValue(result, this);
    }

    ArmValue? Union(IReadOnlyList<ArmValue> arguments)
    {
        JsonObject result = [];
        foreach (ArmValue argument in arguments)
        {
            if (!TryMaterialize(argument, out JsonNode? node) || node is not JsonObject obj)
            {
                return null;
            }

            foreach (KeyValuePair<string, JsonNode?> pair in obj)
            {
                result[pair.Key] = pair.Value?.DeepClone();
            }
        }

        return new KnownValue(result, this);
    }

    // The plain JSON of a value that is known all the way down (expressions inside evaluated in their own scope).
    static bool TryMaterialize(ArmValue value, out JsonNode? node)
    {
        node = null;
        if (value is not KnownValue known)
        {
            return false;
        }

        switch (known.Node)
        {
            case JsonObject obj:
                JsonObject copy = [];
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    if (pair.Key.StartsWith('[') || !TryMaterialize(known.Scope.FromJson(pair.Value), out JsonNode? member))
                    {
                        return false;
                    }

                    copy[pair.Key] = member;
                }

                node = copy;
                return true;
            case JsonArray array:
                JsonArray items = [];
                foreach (JsonNode? item in array)
                {
                    if (!TryMaterialize(known.Scope.FromJson(item), out JsonNode? element))
                    {
                        return false;
                    }

                    items.Add(element);
                }

                node = items;
                return true;
            default:
                node = known.Node?.DeepClone();
                return true;
        }
    }

    /// <summary>Recursive descent over ARM's expression grammar: calls, string and integer literals, <c>.name</c>
    /// and <c>[index]</c>.</summary>
    sealed class Parser(string text, ArmScope scope)
    {
        int position;

        public ArmValue ParseExpression()
        {
            ArmValue value = this.ParsePrimary();
            while (true)
            {
                this.SkipSpaces();
                if (this.TryTake('.'))
                {
                    value = scope.Member(value, this.ParseIdentifier());
                }
                else if (this.TryTake('['))
                {
                    ArmValue index = this.ParseExpression();
                    this.Expect(']');
                    value = scope.Index(value, index);
                }
                else
                {
                    return value;
                }
            }
        }

        public void ExpectEnd()
        {
            this.SkipSpaces();
            if (this.position != text.Length)
            {
                throw this.Error("end of expression");
            }
        }

        ArmValue ParsePrimary()
        {
            this.SkipSpaces();
            char c = this.Peek();
            if (c == '\'')
            {
                return KnownValue.Of(this.ParseString(), scope);
            }

            if (char.IsAsciiDigit(c) || c == '-')
            {
                int start = this.position++;
                while (this.position < text.Length && char.IsAsciiDigit(text[this.position]))
                {
                    this.position++;
                }

                return KnownValue.Of(long.Parse(text[start..this.position], CultureInfo.InvariantCulture), scope);
            }

            string function = this.ParseIdentifier();
            this.Expect('(');
            List<ArmValue> arguments = [];
            this.SkipSpaces();
            if (!this.TryTake(')'))
            {
                do
                {
                    arguments.Add(this.ParseExpression());
                    this.SkipSpaces();
                }
                while (this.TryTake(','));
                this.Expect(')');
            }

            return scope.Call(function, arguments);
        }

        string ParseString()
        {
            StringBuilder value = new();
            this.position++;
            while (true)
            {
                if (this.position >= text.Length)
                {
                    throw this.Error("closing quote");
                }

                char c = text[this.position++];
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (this.position < text.Length && text[this.position] == '\'')
                {
                    value.Append('\'');
                    this.position++;
                }
                else
                {
                    return value.ToString();
                }
            }
        }

        string ParseIdentifier()
        {
            this.SkipSpaces();
            int start = this.position;
            while (this.position < text.Length && (char.IsAsciiLetterOrDigit(text[this.position]) || text[this.position] is '_' or '$' or '#'))
            {
                this.position++;
            }

            return this.position > start ? text[start..this.position] : throw this.Error("a name");
        }

        char Peek() => this.position < text.Length ? text[this.position] : throw this.Error("more expression");

        bool TryTake(char c)
        {
            this.SkipSpaces();
            if (this.position < text.Length && text[this.position] == c)
            {
                this.position++;
                return true;
            }

            return false;
        }

        void Expect(char c)
        {
            if (!this.TryTake(c))
            {
                throw this.Error($"'{c}'");
            }
        }

        void SkipSpaces()
        {
            while (this.position < text.Length && text[this.position] == ' ')
            {
                this.position++;
            }
        }

        FormatException Error(string expected) =>
            new($"Expected {expected} at position {this.position} of ARM expression '{text}'.");
    }
}
