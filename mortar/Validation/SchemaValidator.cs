using System.Globalization;
using System.Text.Json;
using Codemason.Mortar.Normalisation;
using Codemason.Mortar.Syntax;
using Json.Pointer;
using Json.Schema;

namespace Codemason.Mortar.Validation;

/// <summary>
/// Validates a parsed document against <see cref="MasonSchema"/> with JsonSchema.Net, then words each failure as
/// <c>mason validate</c> always has: the instance location becomes our JSON path and the line and column of the
/// node it names, the failed keyword (read with its value from the schema) becomes our message. One error per
/// path: a type mismatch hides the other keywords of that value; a value of an allowed type that fails inside
/// (<c>"environment": [5]</c>) is reported by its inner errors.
/// </summary>
internal static class SchemaValidator
{
    private static readonly EvaluationOptions Flag = new() { OutputFormat = OutputFormat.Flag };
    private static readonly EvaluationOptions List = new() { OutputFormat = OutputFormat.List };

    // Keywords in the order their message wins when several fail on one value.
    private static readonly string[] Precedence = ["type", "enum", "minLength", "pattern", "minimum", "maximum"];

    private static readonly (string Type, string Name)[] TypeNames =
    [
        ("string", "a string"), ("integer", "a whole number"), ("number", "a number"), ("boolean", "true or false"),
        ("object", "an object"), ("array", "an array"), ("null", "null"),
    ];

    public static IEnumerable<MasonError> Validate(MasonDocument document)
    {
        using var instance = SchemaInstance.From(document.Root);
        // Most files are valid: the flag output answers them without collecting locations.
        if (MasonSchema.Compiled.Evaluate(instance.RootElement, Flag).IsValid)
        {
            return [];
        }
        var results = new List<MasonError>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var failure in MasonSchema.Compiled.Evaluate(instance.RootElement, List).Details ?? [])
        {
            if (failure.Errors is not { Count: > 0 } errors
                || SchemaInstance.Find(document.Root, Segments(failure.InstanceLocation)) is not var (node, path))
            {
                continue;
            }
            var schema = SubschemaAt(failure.EvaluationPath);
            if (errors.ContainsKey("required") && node is MasonObject obj)
            {
                AddMissing(obj, path, schema, results);
            }
            if (Describe(node, path, failure, errors, schema) is { } error && reported.Add(error.Path))
            {
                results.Add(error);
            }
        }
        return results;
    }

    private static MasonError? Describe(MasonNode node, MasonPath path, EvaluationResults failure, Dictionary<string, string> errors, JsonElement schema)
    {
        if (errors.ContainsKey(string.Empty) && failure.EvaluationPath.SegmentCount > 0
            && failure.EvaluationPath[failure.EvaluationPath.SegmentCount - 1].ToString() == "additionalProperties"
            && Segments(failure.InstanceLocation).LastOrDefault() is { } name)
        {
            return new MasonError(path.ToString(), node.Position, $"unknown property \"{name}\"", MasonErrorKind.Schema);
        }
        var keyword = Precedence.FirstOrDefault(errors.ContainsKey);
        var message = keyword switch
        {
            "type" => $"expected {string.Join(" or ", AllowedTypes(schema))}, found {node.KindName}",
            "enum" => $"must be one of: {string.Join(", ", schema.GetProperty("enum").EnumerateArray().Select(e => e.GetRawText()))}",
            "minLength" when schema.GetProperty("minLength").GetInt32() is var minLength =>
                minLength == 1 ? "must not be empty" : string.Create(CultureInfo.InvariantCulture, $"must be at least {minLength} characters"),
            "pattern" => schema.TryGetProperty("description", out var description) ? $"invalid value. {description.GetString()}" : "invalid value",
            "minimum" or "maximum" => $"must be {Bound(schema, "minimum")}–{Bound(schema, "maximum")}",
            // A keyword mason.schema.json does not use today: the library's own wording.
            _ => errors.Where(e => e.Key != "required").Select(e => e.Value).FirstOrDefault(),
        };
        return message is null ? null : new MasonError(path.ToString(), node.Position, $"{MasonNormaliser.Snippet(node)} — {message}", MasonErrorKind.Schema);
    }

    private static void AddMissing(MasonObject obj, MasonPath path, JsonElement schema, List<MasonError> results)
    {
        foreach (var name in schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).Where(name => obj.Find(name) is null))
        {
            results.Add(new MasonError(path.Property(name).ToString(), obj.Position, "required property is missing", MasonErrorKind.Schema));
        }
    }

    private static IEnumerable<string> AllowedTypes(JsonElement schema)
    {
        var type = schema.GetProperty("type");
        var allowed = type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).ToHashSet() : [type.GetString()];
        return TypeNames.Where(t => allowed.Contains(t.Type)).Select(t => t.Name);
    }

    private static string Bound(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) ? value.GetDouble().ToString(CultureInfo.InvariantCulture) : "…";

    /// <summary>The subschema an evaluation path ends at, following <c>$ref</c>s as the evaluation did.</summary>
    private static JsonElement SubschemaAt(JsonPointer evaluationPath)
    {
        var root = MasonSchema.Document;
        var schema = root;
        foreach (var segment in Segments(evaluationPath))
        {
            schema = segment == "$ref"
                ? JsonPointer.Parse(schema.GetProperty("$ref").GetString().AsSpan(1)).Evaluate(root)
                    ?? throw new InvalidOperationException($"mason.schema.json: unresolved $ref at {evaluationPath}")
                : schema.ValueKind == JsonValueKind.Array ? schema[int.Parse(segment, CultureInfo.InvariantCulture)] : schema.GetProperty(segment);
        }
        return schema;
    }

    /// <summary>The pointer's segments, decoded (RFC 6901: <c>~1</c> is '/', <c>~0</c> is '~'); the segment keeps the encoded text.</summary>
    private static string[] Segments(JsonPointer pointer)
    {
        var segments = new string[pointer.SegmentCount];
        for (var i = 0; i < segments.Length; i++)
        {
            segments[i] = pointer[i].ToString().Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
        }
        return segments;
    }
}
