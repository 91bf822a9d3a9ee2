using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Codemason.Mortar.Model;

/// <summary>Canonical JSON and SHA-256 of a <see cref="ServiceSpec"/>; see <see cref="ServiceSpec.ComputeHash"/>.</summary>
internal static class SpecHasher
{
    // Properties that never change a container: excluded so editing them does not replace running replicas.
    private static readonly string[] Excluded = ["description", "build", "kind", "scale", "placement"];

    public static string Hash(ServiceSpec spec)
    {
        var node = JsonSerializer.SerializeToNode(spec, MortarJson.TypeInfo<ServiceSpec>(MortarJson.Options))!.AsObject();
        foreach (var name in Excluded)
        {
            node.Remove(name);
        }
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, node);
        }
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    internal static string CanonicalJson(JsonNode? node)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteCanonical(writer, node);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteCanonical(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    WriteCanonical(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteCanonical(writer, item);
                }
                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
