namespace Codemason.Mortar.Syntax;

/// <summary>One value of a parsed mason.json, with where it starts in the text.</summary>
public abstract class MasonNode
{
    private protected MasonNode(SourcePosition position) => Position = position;

    /// <summary>Where the value starts (its first character).</summary>
    public SourcePosition Position { get; }

    public abstract MasonNodeKind Kind { get; }

    /// <summary>"object", "array", "string", "number", "boolean" or "null", for messages.</summary>
    public string KindName => Kind switch
    {
        MasonNodeKind.Object => "object",
        MasonNodeKind.Array => "array",
        MasonNodeKind.String => "string",
        MasonNodeKind.Number => "number",
        MasonNodeKind.Boolean => "boolean",
        _ => "null",
    };
}
