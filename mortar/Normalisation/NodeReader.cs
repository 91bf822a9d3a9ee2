using System.Globalization;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Reads typed values out of a parsed mason.json for the section readers and reports what does not fit to the
/// <see cref="ErrorSink"/>: a value of the wrong type is a <see cref="MasonErrorKind.Schema"/> error and reads as absent.
/// </summary>
internal sealed class NodeReader(ErrorSink errors)
{
    /// <summary>Where the section readers report the problems only they can see.</summary>
    public ErrorSink Errors { get; } = errors;

    /// <summary>
    /// Reports every property of <paramref name="obj"/> not in <paramref name="allowed"/> (with "did you mean");
    /// one in <paramref name="belongToService"/> is said to belong on a service instead.
    /// </summary>
    public void CheckProperties(MasonObject obj, MasonPath path, IReadOnlyList<string> allowed, IReadOnlyList<string>? belongToService = null)
    {
        foreach (var property in obj.Properties)
        {
            if (allowed.Contains(property.Name))
            {
                continue;
            }
            var propertyPath = path.Property(property.Name);
            if (belongToService is not null && belongToService.Contains(property.Name))
            {
                Errors.Add(propertyPath, property.NamePosition,
                    $"\"{property.Name}\" belongs to a service; in an application, put it on an entry of \"services\"", MasonErrorKind.Schema);
                continue;
            }
            var suggestion = NameSuggestion.Closest(property.Name, allowed);
            Errors.Add(propertyPath, property.NamePosition,
                suggestion is null ? $"unknown property \"{property.Name}\"" : $"unknown property \"{property.Name}\"; did you mean \"{suggestion}\"?",
                MasonErrorKind.Schema);
        }
    }

    /// <summary>The value of <paramref name="field"/> when it is a <typeparamref name="T"/>; null when absent or (reported) of another kind.</summary>
    public T? Read<T>(MasonObject obj, string field, MasonPath path, string expected)
        where T : MasonNode
    {
        switch (obj[field])
        {
            case null:
                return null;
            case T value:
                return value;
            case var other:
                TypeError(path.Property(field), other, expected);
                return null;
        }
    }

    /// <summary>The object <paramref name="field"/>, its properties checked against <paramref name="allowed"/>; null when absent or (reported) not an object.</summary>
    public MasonObject? ReadObject(MasonObject obj, string field, MasonPath path, IReadOnlyList<string> allowed, string expected)
    {
        var value = Read<MasonObject>(obj, field, path, expected);
        if (value is not null)
        {
            CheckProperties(value, path.Property(field), allowed);
        }
        return value;
    }

    public string? ReadString(MasonObject obj, string field, MasonPath path) => Read<MasonString>(obj, field, path, "a string")?.Value;

    public MasonArray? ReadArray(MasonObject obj, string field, MasonPath path) => Read<MasonArray>(obj, field, path, "an array");

    public bool? ReadBoolean(MasonObject obj, string field, MasonPath path) => Read<MasonBoolean>(obj, field, path, "true or false")?.Value;

    /// <summary>
    /// The items of <paramref name="array"/> (at <paramref name="path"/>) that are <typeparamref name="T"/>, with
    /// their paths, in order; each other item is reported, when the enumeration reaches it, as not <paramref name="expected"/>.
    /// </summary>
    public IEnumerable<(T Item, MasonPath Path)> ItemsOf<T>(MasonArray array, MasonPath path, string expected)
        where T : MasonNode
    {
        for (var i = 0; i < array.Items.Count; i++)
        {
            if (array.Items[i] is T item)
            {
                yield return (item, path.Index(i));
            }
            else
            {
                TypeError(path.Index(i), array.Items[i], expected);
            }
        }
    }

    /// <summary>Adds the strings of the array <paramref name="field"/> to <paramref name="into"/>, reporting each item that is not one.</summary>
    public void ReadStringList(MasonObject obj, string field, MasonPath path, List<string> into)
    {
        if (ReadArray(obj, field, path) is { } list)
        {
            into.AddRange(ItemsOf<MasonString>(list, path.Property(field), "a string").Select(i => i.Item.Value));
        }
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; one above is an error of kind <paramref name="aboveMax"/>.</summary>
    public long? ReadInteger(MasonObject obj, string field, MasonPath path, long min, long max, string what, MasonErrorKind aboveMax = MasonErrorKind.Semantic)
    {
        var node = obj[field];
        switch (node)
        {
            case null:
                return null;
            case MasonNumber number when number.AsInt64 is { } value:
                if (value < min || value > max)
                {
                    Errors.Add(path.Property(field), node.Position, string.Create(CultureInfo.InvariantCulture, $"{NodeText.Snippet(node)} — {what} must be {min}–{max}"),
                        value > max ? aboveMax : MasonErrorKind.Semantic);
                    return null;
                }
                return value;
            case MasonNumber:
                Errors.Add(path.Property(field), node.Position, $"{NodeText.Snippet(node)} — {what} must be a whole number");
                return null;
            default:
                TypeError(path.Property(field), node, "a whole number");
                return null;
        }
    }

    /// <summary>Reports that <paramref name="node"/> is not <paramref name="expected"/> ("a string", "an array of …").</summary>
    public void TypeError(MasonPath path, MasonNode node, string expected)
    {
        var found = NodeText.Article(node);
        var snippet = NodeText.Snippet(node);
        Errors.Add(path, node.Position, snippet.Length == 0 ? $"expected {expected}, found {found}" : $"{snippet} — expected {expected}, found {found}",
            MasonErrorKind.Schema);
    }
}
