namespace Codemason.Mortar.Syntax;

/// <summary>A JSON <c>null</c>.</summary>
public sealed class MasonNull : MasonNode
{
    internal MasonNull(SourcePosition position)
        : base(position)
    {
    }

    public override MasonNodeKind Kind => MasonNodeKind.Null;
}
