using System.Globalization;
using Codemason.Mortar.Syntax;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Codemason.Mortar.Validation;

/// <summary>
/// Validates a parsed document against <see cref="MasonSchema"/> with NJsonSchema. The schema validator sees
/// plain JSON (our tree converted to JTokens: comments and trailing commas are already gone), and its error
/// paths are mapped back onto our tree for line and column.
/// </summary>
internal static class SchemaValidator
{
    public static IEnumerable<MasonError> Validate(MasonDocument document)
    {
        var token = ToToken(document.Root);
        var results = new List<MasonError>();
        foreach (var error in Flatten(MasonSchema.Schema.Validate(token)))
        {
            Collect(document.Root, error, results);
        }
        return results;
    }

    // A value of an allowed type that fails inside ("environment": [5]) is reported by its inner errors,
    // not as "expected an object or an array, found an array".
    private static void Collect(MasonNode root, ValidationError error, List<MasonError> results)
    {
        if (error is MultiTypeValidationError multi)
        {
            var (node, _, missing) = Resolve(root, error.Path ?? string.Empty);
            var type = missing is not null ? JsonObjectType.None : node switch
            {
                MasonObject => JsonObjectType.Object,
                MasonArray => JsonObjectType.Array,
                MasonString => JsonObjectType.String,
                MasonNumber number => number.AsInt64 is null ? JsonObjectType.Number : JsonObjectType.Integer,
                MasonBoolean => JsonObjectType.Boolean,
                _ => JsonObjectType.Null,
            };
            if (multi.Errors.TryGetValue(type, out var inner) && inner.Count > 0)
            {
                foreach (var nested in Flatten(inner))
                {
                    Collect(root, nested, results);
                }
                return;
            }
        }
        results.Add(Map(root, error));
    }

    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors)
    {
        foreach (var error in errors)
        {
            if (error is ChildSchemaValidationError child && error.Kind is ValidationErrorKind.ArrayItemNotValid or ValidationErrorKind.AdditionalPropertiesNotValid)
            {
                foreach (var nested in Flatten(child.Errors.Values.SelectMany(e => e)))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return error;
            }
        }
    }

    private static MasonError Map(MasonNode root, ValidationError error)
    {
        var (node, path, missing) = Resolve(root, error.Path ?? string.Empty);
        var position = node.Position;
        if (missing is not null && node is MasonObject parent && parent.Find(missing) is { } property)
        {
            position = property.NamePosition;
        }
        var fullPath = missing is null ? path : path.Property(missing);
        var snippet = missing is null && error.Kind != ValidationErrorKind.NoAdditionalPropertiesAllowed ? Normalisation.MasonNormaliser.Snippet(node) : string.Empty;
        var message = Describe(error, node, missing);
        return new MasonError(fullPath.ToString(), position, snippet.Length == 0 ? message : $"{snippet} — {message}", MasonErrorKind.Schema);
    }

    private static string Describe(ValidationError error, MasonNode node, string? missing)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "required property is missing",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => $"unknown property \"{missing ?? error.Property}\"",
            ValidationErrorKind.StringExpected => $"expected a string, found {node.KindName}",
            ValidationErrorKind.IntegerExpected => $"expected a whole number, found {node.KindName}",
            ValidationErrorKind.NumberExpected => $"expected a number, found {node.KindName}",
            ValidationErrorKind.BooleanExpected => $"expected true or false, found {node.KindName}",
            ValidationErrorKind.ObjectExpected => $"expected an object, found {node.KindName}",
            ValidationErrorKind.ArrayExpected => $"expected an array, found {node.KindName}",
            ValidationErrorKind.NoTypeValidates => $"expected {string.Join(" or ", TypeNames(schema?.Type ?? JsonObjectType.None))}, found {node.KindName}",
            ValidationErrorKind.NotInEnumeration => $"must be one of: {string.Join(", ", schema?.Enumeration.Select(e => $"\"{e}\"") ?? [])}",
            ValidationErrorKind.PatternMismatch => schema?.Description is { } description ? $"invalid value. {description}" : "invalid value",
            ValidationErrorKind.StringTooShort => "must not be empty",
            ValidationErrorKind.NumberTooSmall or ValidationErrorKind.IntegerTooBig or ValidationErrorKind.NumberTooBig =>
                string.Create(CultureInfo.InvariantCulture, $"must be {schema?.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "…"}–{schema?.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "…"}"),
            _ => $"does not match the schema ({error.Kind})",
        };
    }

    private static IEnumerable<string> TypeNames(JsonObjectType type)
    {
        foreach (var (flag, name) in new[]
        {
            (JsonObjectType.String, "a string"), (JsonObjectType.Integer, "a whole number"), (JsonObjectType.Number, "a number"),
            (JsonObjectType.Boolean, "true or false"), (JsonObjectType.Object, "an object"), (JsonObjectType.Array, "an array"),
        })
        {
            if (type.HasFlag(flag))
            {
                yield return name;
            }
        }
    }

    /// <summary>
    /// Follows an NJsonSchema path (<c>#/services[1].ports[0]</c>) down our tree. Property names are matched
    /// against the object's actual names, so names containing '.' or '[' still resolve. Returns the deepest
    /// node reached and, when the last segment names a property the object lacks, that name.
    /// </summary>
    internal static (MasonNode Node, MasonPath Path, string? Missing) Resolve(MasonNode root, string errorPath)
    {
        var rest = errorPath.StartsWith("#/", StringComparison.Ordinal) ? errorPath[2..] : errorPath.TrimStart('#');
        var node = root;
        var path = MasonPath.Root;
        while (rest.Length > 0)
        {
            if (rest[0] == '.')
            {
                rest = rest[1..];
                continue;
            }
            if (rest.StartsWith("['", StringComparison.Ordinal) && node is MasonObject quoted)
            {
                // Names that are not identifiers come as ['com.example.x'].
                var end = rest.IndexOf("']", 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    break;
                }
                var quotedName = rest[2..end];
                rest = rest[(end + 2)..];
                if (quoted.Find(quotedName) is not { } quotedProperty)
                {
                    return (node, path, rest.Length == 0 ? quotedName : null);
                }
                node = quotedProperty.Value;
                path = path.Property(quotedName);
                continue;
            }
            if (rest[0] == '[' && node is MasonArray array)
            {
                var close = rest.IndexOf(']', StringComparison.Ordinal);
                if (close < 0 || !int.TryParse(rest.AsSpan(1, close - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= array.Items.Count)
                {
                    break;
                }
                node = array.Items[index];
                path = path.Index(index);
                rest = rest[(close + 1)..];
                continue;
            }
            if (node is not MasonObject obj)
            {
                break;
            }
            var match = obj.Properties
                .Where(p => rest.StartsWith(p.Name, StringComparison.Ordinal) && (rest.Length == p.Name.Length || rest[p.Name.Length] is '.' or '['))
                .MaxBy(p => p.Name.Length);
            if (match is null)
            {
                var end = rest.IndexOfAny(['.', '[']);
                var name = end < 0 ? rest : rest[..end];
                return (node, path, end < 0 ? name : null);
            }
            node = match.Value;
            path = path.Property(match.Name);
            rest = rest[match.Name.Length..];
        }
        return (node, path, null);
    }

    private static JToken ToToken(MasonNode node) => node switch
    {
        MasonObject obj => new JObject(obj.Properties.Select(p => new JProperty(p.Name, ToToken(p.Value)))),
        MasonArray array => new JArray(array.Items.Select(ToToken)),
        MasonString text => new JValue(text.Value),
        MasonNumber number => number.AsInt64 is { } integer ? new JValue(integer) : new JValue(number.AsDouble),
        MasonBoolean boolean => new JValue(boolean.Value),
        _ => JValue.CreateNull(),
    };
}
