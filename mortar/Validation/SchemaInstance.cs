using System.Buffers;
using System.Text.Json;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Validation;

/// <summary>
/// Our parsed tree written back as strict JSON for JsonSchema.Net, which reads <see cref="JsonElement"/>s: comments,
/// trailing commas and duplicate properties (the parser kept the first) are already gone, so every instance location
/// the schema reports names a node of the tree.
/// </summary>
internal static class SchemaInstance
{
    public static JsonDocument From(MasonNode root)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, root);
        }
        return JsonDocument.Parse(buffer.WrittenMemory);
    }

    /// <summary>The node at a JSON Pointer's segments (decoded), with its path for messages; null when there is none.</summary>
    public static (MasonNode Node, MasonPath Path)? Find(MasonNode root, IEnumerable<string> segments)
    {
        var node = root;
        var path = MasonPath.Root;
        foreach (var segment in segments)
        {
            switch (node)
            {
                case MasonObject obj when obj[segment] is { } value:
                    node = value;
                    path = path.Property(segment);
                    break;
                case MasonArray array when int.TryParse(segment, out var index) && index >= 0 && index < array.Items.Count:
                    node = array.Items[index];
                    path = path.Index(index);
                    break;
                default:
                    return null;
            }
        }
        return (node, path);
    }

    private static void Write(Utf8JsonWriter writer, MasonNode node)
    {
        switch (node)
        {
            case MasonObject obj:
                writer.WriteStartObject();
                foreach (var property in obj.Properties)
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case MasonArray array:
                writer.WriteStartArray();
                foreach (var item in array.Items)
                {
                    Write(writer, item);
                }
                writer.WriteEndArray();
                break;
            case MasonString text:
                writer.WriteStringValue(text.Value);
                break;
            case MasonNumber number:
                writer.WriteRawValue(number.Raw);
                break;
            case MasonBoolean boolean:
                writer.WriteBooleanValue(boolean.Value);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
