using System.Globalization;
using Codemason.Mortar.Normalisation;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Validation;

/// <summary>
/// Validates a parsed document against <see cref="MasonSchema"/>, walking our own tree so every error carries
/// the line and column of the value it is about. A value of an allowed type that fails inside
/// (<c>"environment": [5]</c>) is reported by its inner errors, not as a type mismatch.
/// </summary>
internal static class SchemaValidator
{
    public static IEnumerable<MasonError> Validate(MasonDocument document)
    {
        var results = new List<MasonError>();
        Check(document.Root, MasonSchema.Root, MasonPath.Root, results);
        return results;
    }

    private static void Check(MasonNode node, SchemaNode schema, MasonPath path, List<MasonError> results)
    {
        schema = schema.Target;
        if (!Matches(node, schema.Types))
        {
            results.Add(ValueError(node, path, $"expected {string.Join(" or ", TypeNames(schema.Types))}, found {node.KindName}"));
            return;
        }
        switch (node)
        {
            case MasonString text:
                CheckString(text, schema, path, results);
                break;
            case MasonNumber number:
                CheckNumber(number, schema, path, results);
                break;
            case MasonObject obj:
                CheckObject(obj, schema, path, results);
                break;
            case MasonArray array when schema.Items is { } items:
                for (var i = 0; i < array.Items.Count; i++)
                {
                    Check(array.Items[i], items, path.Index(i), results);
                }
                break;
        }
    }

    private static void CheckString(MasonString text, SchemaNode schema, MasonPath path, List<MasonError> results)
    {
        if (schema.Enum is { } allowed && !allowed.Contains(text.Value, StringComparer.Ordinal))
        {
            results.Add(ValueError(text, path, $"must be one of: {string.Join(", ", allowed.Select(e => $"\"{e}\""))}"));
        }
        else if (schema.MinLength is { } minLength && text.Value.Length < minLength)
        {
            results.Add(ValueError(text, path, minLength == 1 ? "must not be empty" : $"must be at least {minLength} characters"));
        }
        else if (schema.Pattern is { } pattern && !pattern.IsMatch(text.Value))
        {
            results.Add(ValueError(text, path, schema.Description is { } description ? $"invalid value. {description}" : "invalid value"));
        }
    }

    private static void CheckNumber(MasonNumber number, SchemaNode schema, MasonPath path, List<MasonError> results)
    {
        var value = number.AsDouble;
        if (value < schema.Minimum || value > schema.Maximum)
        {
            results.Add(ValueError(number, path, (schema.Minimum, schema.Maximum) switch
            {
                ({ } min, { } max) => string.Create(CultureInfo.InvariantCulture, $"must be {min}–{max}"),
                ({ } min, null) => string.Create(CultureInfo.InvariantCulture, $"must be at least {min}"),
                (_, var max) => string.Create(CultureInfo.InvariantCulture, $"must be at most {max}"),
            }));
        }
    }

    private static void CheckObject(MasonObject obj, SchemaNode schema, MasonPath path, List<MasonError> results)
    {
        foreach (var name in schema.Required.Where(name => obj.Find(name) is null))
        {
            results.Add(new MasonError(path.Property(name).ToString(), obj.Position, "required property is missing", MasonErrorKind.Schema));
        }
        foreach (var property in obj.Properties)
        {
            var propertyPath = path.Property(property.Name);
            if (schema.Properties.TryGetValue(property.Name, out var declared))
            {
                Check(property.Value, declared, propertyPath, results);
            }
            else if (!schema.AdditionalPropertiesAllowed)
            {
                results.Add(new MasonError(propertyPath.ToString(), property.Value.Position, $"unknown property \"{property.Name}\"", MasonErrorKind.Schema));
            }
            else if (schema.AdditionalProperties is { } additional)
            {
                Check(property.Value, additional, propertyPath, results);
            }
        }
    }

    private static bool Matches(MasonNode node, SchemaTypes types) => types == SchemaTypes.Any || node switch
    {
        MasonString => types.HasFlag(SchemaTypes.String),
        MasonNumber number => types.HasFlag(SchemaTypes.Number) || (types.HasFlag(SchemaTypes.Integer) && number.AsInt64 is not null),
        MasonBoolean => types.HasFlag(SchemaTypes.Boolean),
        MasonObject => types.HasFlag(SchemaTypes.Object),
        MasonArray => types.HasFlag(SchemaTypes.Array),
        _ => types.HasFlag(SchemaTypes.Null),
    };

    private static MasonError ValueError(MasonNode node, MasonPath path, string message) =>
        new(path.ToString(), node.Position, $"{NodeText.Snippet(node)} — {message}", MasonErrorKind.Schema);

    private static IEnumerable<string> TypeNames(SchemaTypes types)
    {
        foreach (var (flag, name) in new[]
        {
            (SchemaTypes.String, "a string"), (SchemaTypes.Integer, "a whole number"), (SchemaTypes.Number, "a number"),
            (SchemaTypes.Boolean, "true or false"), (SchemaTypes.Object, "an object"), (SchemaTypes.Array, "an array"), (SchemaTypes.Null, "null"),
        })
        {
            if (types.HasFlag(flag))
            {
                yield return name;
            }
        }
    }
}
