namespace Codemason.Mortar.Syntax;

/// <summary>A JSON string, escapes decoded.</summary>
public sealed class MasonString : MasonNode
{
    internal MasonString(SourcePosition position, string value)
        : base(position) => Value = value;

    public override MasonNodeKind Kind => MasonNodeKind.String;

    public string Value { get; }
}
