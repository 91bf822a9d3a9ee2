using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemason.Mortar.Model;

/// <summary>The name of a service inside its app; unique per app (case-insensitively).</summary>
[JsonConverter(typeof(ServiceNameJsonConverter))]
public readonly record struct ServiceName(string Value)
{
    public override string ToString() => Value;
}

internal sealed class ServiceNameJsonConverter : JsonConverter<ServiceName>
{
    public override ServiceName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("service name must be a string"));

    public override void Write(Utf8JsonWriter writer, ServiceName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
