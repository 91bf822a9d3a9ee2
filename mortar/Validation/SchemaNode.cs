using System.Text.Json;
using System.Text.RegularExpressions;

namespace Codemason.Mortar.Validation;

/// <summary>
/// One schema of <c>mason.schema.json</c>, read into the draft-07 keywords it uses: type, properties, required,
/// additionalProperties, items, enum (strings), pattern, minLength, minimum, maximum and local <c>$ref</c>s.
/// Any other validation keyword is refused when the schema is read, so the file cannot silently ask for a rule
/// that is not checked (the schema's tests read it).
/// </summary>
internal sealed class SchemaNode
{
    private static readonly HashSet<string> Annotations = new(StringComparer.Ordinal) { "$schema", "$id", "title", "description", "definitions" };

    private Func<SchemaNode>? _reference;
    private SchemaNode? _resolved;

    private SchemaNode()
    {
    }

    public SchemaTypes Types { get; private set; }

    public IReadOnlyDictionary<string, SchemaNode> Properties { get; private set; } = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);

    public IReadOnlyList<string> Required { get; private set; } = [];

    /// <summary>False when <c>additionalProperties: false</c>; otherwise unknown properties are allowed.</summary>
    public bool AdditionalPropertiesAllowed { get; private set; } = true;

    /// <summary>The schema every property not in <see cref="Properties"/> must match, if any.</summary>
    public SchemaNode? AdditionalProperties { get; private set; }

    public SchemaNode? Items { get; private set; }

    public IReadOnlyList<string>? Enum { get; private set; }

    public Regex? Pattern { get; private set; }

    public string? Description { get; private set; }

    public int? MinLength { get; private set; }

    public double? Minimum { get; private set; }

    public double? Maximum { get; private set; }

    /// <summary>This schema, or the one its <c>$ref</c> points to.</summary>
    public SchemaNode Target => _reference is null ? this : _resolved ??= _reference();

    /// <summary>Reads a whole schema document; throws <see cref="InvalidOperationException"/> for what it cannot check.</summary>
    public static SchemaNode Read(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement.Clone();
        var definitions = new Dictionary<string, SchemaNode>(StringComparer.Ordinal);
        if (root.TryGetProperty("definitions", out var defined))
        {
            foreach (var definition in defined.EnumerateObject())
            {
                definitions[definition.Name] = Read(definition.Value, definitions, $"#/definitions/{definition.Name}");
            }
        }
        return Read(root, definitions, "#");
    }

    private static SchemaNode Read(JsonElement element, Dictionary<string, SchemaNode> definitions, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Unsupported(where, "a schema must be an object");
        }
        var node = new SchemaNode();
        foreach (var keyword in element.EnumerateObject())
        {
            var value = keyword.Value;
            var at = $"{where}/{keyword.Name}";
            switch (keyword.Name)
            {
                case "type":
                    node.Types = value.ValueKind == JsonValueKind.Array
                        ? value.EnumerateArray().Aggregate(SchemaTypes.Any, (all, t) => all | TypeOf(t, at))
                        : TypeOf(value, at);
                    break;
                case "properties":
                    node.Properties = value.EnumerateObject().ToDictionary(p => p.Name, p => Read(p.Value, definitions, $"{at}/{p.Name}"), StringComparer.Ordinal);
                    break;
                case "required":
                    node.Required = value.EnumerateArray().Select(r => r.GetString() ?? throw Unsupported(at, "names must be strings")).ToList();
                    break;
                case "additionalProperties" when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    node.AdditionalPropertiesAllowed = value.GetBoolean();
                    break;
                case "additionalProperties":
                    node.AdditionalProperties = Read(value, definitions, at);
                    break;
                case "items":
                    node.Items = Read(value, definitions, at);
                    break;
                case "enum":
                    node.Enum = value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Unsupported(at, "only string values are supported")).ToList();
                    break;
                case "pattern":
                    node.Pattern = new Regex(value.GetString()!, RegexOptions.CultureInvariant);
                    break;
                case "minLength":
                    node.MinLength = value.GetInt32();
                    break;
                case "minimum":
                    node.Minimum = value.GetDouble();
                    break;
                case "maximum":
                    node.Maximum = value.GetDouble();
                    break;
                case "$ref":
                    var name = value.GetString() is { } reference && reference.StartsWith("#/definitions/", StringComparison.Ordinal)
                        ? reference["#/definitions/".Length..]
                        : throw Unsupported(at, "only local #/definitions/ references are supported");
                    node._reference = () => definitions.TryGetValue(name, out var target) ? target.Target : throw Unsupported(at, $"no definition '{name}'");
                    break;
                case "description":
                    node.Description = value.GetString();
                    break;
                case var annotation when Annotations.Contains(annotation):
                    break;
                default:
                    throw Unsupported(at, "keyword not supported by Codemason's schema validator");
            }
        }
        return node;
    }

    private static SchemaTypes TypeOf(JsonElement type, string where) => type.GetString() switch
    {
        "string" => SchemaTypes.String,
        "integer" => SchemaTypes.Integer,
        "number" => SchemaTypes.Number,
        "boolean" => SchemaTypes.Boolean,
        "object" => SchemaTypes.Object,
        "array" => SchemaTypes.Array,
        "null" => SchemaTypes.Null,
        var other => throw Unsupported(where, $"unknown type '{other}'"),
    };

    private static InvalidOperationException Unsupported(string where, string why) =>
        new($"mason.schema.json at {where}: {why}");
}
