using System.Text.Json;
using Json.Schema;

namespace Codemason.Mortar.Validation;

/// <summary>The published JSON Schema of mason.json (<c>mason.schema.json</c> at the repository root, embedded in this library).</summary>
public static class MasonSchema
{
    private static readonly Lazy<string> LazyText = new(LoadText);
    private static readonly Lazy<JsonElement> LazyDocument = new(() => JsonDocument.Parse(LazyText.Value).RootElement.Clone());

    // A registry of its own: the schema's $id is registered there, not in JsonSchema.Net's global one.
    private static readonly Lazy<JsonSchema> LazyCompiled = new(() =>
        JsonSchema.FromText(LazyText.Value, new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    /// <summary>The schema text (draft-07), e.g. for <c>mason init</c> to write next to a new mason.json.</summary>
    public static string Text => LazyText.Value;

    /// <summary>The schema built by JsonSchema.Net, for <see cref="SchemaValidator"/>.</summary>
    internal static JsonSchema Compiled => LazyCompiled.Value;

    /// <summary>The schema as JSON, where <see cref="SchemaValidator"/> reads the values of a failed keyword for its message.</summary>
    internal static JsonElement Document => LazyDocument.Value;

    private static string LoadText()
    {
        using var stream = typeof(MasonSchema).Assembly.GetManifestResourceStream("mason.schema.json")
            ?? throw new InvalidOperationException("mason.schema.json is not embedded in Codemason.Mortar; build from the repository root");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
