namespace Codemason.Mortar.Syntax;

/// <summary>A JSON array.</summary>
public sealed class MasonArray : MasonNode
{
    internal MasonArray(SourcePosition position, IReadOnlyList<MasonNode> items)
        : base(position) => Items = items;

    public override MasonNodeKind Kind => MasonNodeKind.Array;

    public IReadOnlyList<MasonNode> Items { get; }
}
