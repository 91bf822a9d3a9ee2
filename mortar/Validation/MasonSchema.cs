namespace Codemason.Mortar.Validation;

/// <summary>The published JSON Schema of mason.json (<c>mason.schema.json</c> at the repository root, embedded in this library).</summary>
public static class MasonSchema
{
    private static readonly Lazy<string> LazyText = new(LoadText);
    private static readonly Lazy<SchemaNode> LazyRoot = new(() => SchemaNode.Read(LazyText.Value));

    /// <summary>The schema text (draft-07), e.g. for <c>mason init</c> to write next to a new mason.json.</summary>
    public static string Text => LazyText.Value;

    /// <summary>The schema read for <see cref="SchemaValidator"/>.</summary>
    internal static SchemaNode Root => LazyRoot.Value;

    private static string LoadText()
    {
        using var stream = typeof(MasonSchema).Assembly.GetManifestResourceStream("mason.schema.json")
            ?? throw new InvalidOperationException("mason.schema.json is not embedded in Codemason.Mortar; build from the repository root");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
