using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation;

/// <summary>How values of a parsed mason.json read in error messages.</summary>
internal static class NodeText
{
    /// <summary>The kind of a value with its article, for "found …": "an object", "a string", "null".</summary>
    public static string Article(MasonNode node) => node.Kind switch
    {
        MasonNodeKind.Object => "an object",
        MasonNodeKind.Array => "an array",
        MasonNodeKind.String => "a string",
        MasonNodeKind.Number => "a number",
        MasonNodeKind.Boolean => "a boolean",
        _ => "null",
    };

    /// <summary>The text of a string, number or boolean (as written); null for objects, arrays and null.</summary>
    public static string? Scalar(MasonNode node) => node switch
    {
        MasonString text => text.Value,
        MasonNumber number => number.Raw,
        MasonBoolean boolean => boolean.Value ? "true" : "false",
        _ => null,
    };

    /// <summary>The offending value as it reads in the file, shortened; empty for objects and arrays.</summary>
    public static string Snippet(MasonNode node)
    {
        var text = node switch
        {
            MasonString s => "\"" + (s.Value.Length > 60 ? s.Value[..57] + "..." : s.Value) + "\"",
            MasonNumber n => n.Raw.Length > 30 ? n.Raw[..27] + "..." : n.Raw,
            MasonBoolean b => b.Value ? "true" : "false",
            MasonNull => "null",
            _ => string.Empty,
        };
        return text.ReplaceLineEndings("\\n");
    }

    /// <summary>Quoted choices for a message: <c>"a"</c>, <c>"a" or "b"</c>, <c>"a", "b" or "c"</c>.</summary>
    public static string OneOf(IReadOnlyList<string> choices)
    {
        var quoted = choices.Select(c => $"\"{c}\"").ToList();
        return quoted.Count < 2 ? string.Concat(quoted) : $"{string.Join(", ", quoted.Take(quoted.Count - 1))} or {quoted[^1]}";
    }
}
