using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Codemason.Cli.Output;

/// <summary>
/// JSON for <c>--output json</c>. API objects use the protobuf JSON mapping (lowerCamelCase names, enum
/// names, RFC 3339 timestamps) with default values included, so every field is always present.
/// </summary>
internal static class JsonOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    private static readonly JsonSerializerOptions Indented = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static JsonNode FromMessage(IMessage message) => JsonNode.Parse(Formatter.Format(message))!;

    public static JsonArray FromMessages(IEnumerable<IMessage> messages) => [.. messages.Select(FromMessage)];

    /// <summary>An indented document followed by a newline.</summary>
    public static void Write(TextWriter writer, JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        writer.Write(node.ToJsonString(Indented));
        writer.Write('\n');
    }

    /// <summary>One compact object per line (for streams such as logs).</summary>
    public static void WriteLine(TextWriter writer, JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(node);
        writer.Write(node.ToJsonString(Compact));
        writer.Write('\n');
    }
}
