namespace Codemason.Mortar.Syntax;

/// <summary>A JSON <c>true</c> or <c>false</c>.</summary>
public sealed class MasonBoolean : MasonNode
{
    internal MasonBoolean(SourcePosition position, bool value)
        : base(position) => Value = value;

    public override MasonNodeKind Kind => MasonNodeKind.Boolean;

    public bool Value { get; }
}
