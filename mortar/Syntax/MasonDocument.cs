namespace Codemason.Mortar.Syntax;

/// <summary>A parsed mason.json: the tree (with positions) and the text it came from, for error excerpts.</summary>
public sealed class MasonDocument
{
    internal MasonDocument(string text, MasonNode root)
    {
        Text = text;
        Root = root;
    }

    /// <summary>The decoded source text.</summary>
    public string Text { get; }

    /// <summary>The top-level value (an object in a valid file).</summary>
    public MasonNode Root { get; }

    /// <summary>Line <paramref name="line"/> (1-based) of the text without its line break, or empty when out of range.</summary>
    public string GetLine(int line) => SourceText.GetLine(Text, line);
}
