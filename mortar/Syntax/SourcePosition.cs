namespace Codemason.Mortar.Syntax;

/// <summary>A 1-based line and column in the mason.json text (columns count UTF-16 characters; a tab is one).</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>The position of the first character.</summary>
    public static SourcePosition Start { get; } = new(1, 1);

    public override string ToString() => $"line {Line}, col {Column}";
}
