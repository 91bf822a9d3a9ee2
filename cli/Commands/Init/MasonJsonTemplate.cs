using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Codemason.Mortar.Validation;

namespace Codemason.Cli.Commands.Init;

/// <summary>
/// The mason.json <c>mason init</c> writes. Its <c>$schema</c> is the schema's <c>$id</c>
/// (<c>https://codemason.dev/schemas/mason.schema.json</c>) by default: a project lives outside the
/// Codemason repository, so a relative path to the repository's <c>mason.schema.json</c> would dangle,
/// while the id is stable, is what the schema itself declares, and editors map it to a local copy.
/// <c>--schema-file</c> writes that copy next to the file and refers to it as <c>./mason.schema.json</c>
/// for editors that work offline.
/// </summary>
internal static partial class MasonJsonTemplate
{
    public const string DefaultImage = "nginx:alpine";
    public const int DefaultPort = 80;
    public const string LocalSchemaFile = "mason.schema.json";
    public const string LocalSchemaReference = "./" + LocalSchemaFile;

    private static readonly Lazy<string> LazySchemaId = new(() =>
    {
        using var schema = JsonDocument.Parse(MasonSchema.Text);
        return schema.RootElement.GetProperty("$id").GetString()!;
    });

    /// <summary>The published id of mason.schema.json.</summary>
    public static string SchemaId => LazySchemaId.Value;

    public static string Render(InitAnswers answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"$schema\": {Quote(answers.SchemaReference)},\n");
        text.Append(CultureInfo.InvariantCulture, $"  \"name\": {Quote(answers.Name)},\n");
        text.Append("  \"masonVersion\": \"v1\",\n");
        text.Append("  \"type\": \"application\",\n");
        text.Append("  \"services\": [\n");
        text.Append("    {\n");
        text.Append("      \"name\": \"web\",\n");
        text.Append(CultureInfo.InvariantCulture, $"      \"image\": {Quote(answers.Image)},\n");
        text.Append(CultureInfo.InvariantCulture, $"      \"ports\": [\"{answers.Port}\"],\n");
        text.Append("      \"scale\": 1\n");
        text.Append("    }\n");
        text.Append("  ]\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>An app name from a directory name: lower case, invalid characters as <c>-</c>, at most 63 characters.</summary>
    public static string NameFromDirectory(string directoryName)
    {
        ArgumentNullException.ThrowIfNull(directoryName);
        var name = InvalidNameCharacters().Replace(directoryName.ToLowerInvariant(), "-").Trim('-', '.', '_');
        if (name.Length > 63)
        {
            name = name[..63].TrimEnd('-', '.', '_');
        }
        return name.Length == 0 ? "app" : name;
    }

    public static bool IsValidName(string name) => ValidName().IsMatch(name);

    private static string Quote(string value) => $"\"{JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping)}\"";

    [GeneratedRegex("[^a-z0-9_.-]+")]
    private static partial Regex InvalidNameCharacters();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex ValidName();
}
