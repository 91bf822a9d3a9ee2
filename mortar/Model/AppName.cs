using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemason.Mortar.Model;

/// <summary>The name of an app (the mason.json <c>name</c>, or the name the caller deploys it under).</summary>
[JsonConverter(typeof(AppNameJsonConverter))]
public readonly record struct AppName(string Value)
{
    public override string ToString() => Value;
}

internal sealed class AppNameJsonConverter : JsonConverter<AppName>
{
    public override AppName Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(reader.GetString() ?? throw new JsonException("app name must be a string"));

    public override void Write(Utf8JsonWriter writer, AppName value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value);
}
