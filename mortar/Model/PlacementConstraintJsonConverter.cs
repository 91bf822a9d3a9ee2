using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemason.Mortar.Model;

/// <summary>Stores a <see cref="PlacementConstraint"/> as its text (<c>"node.labels.disk == ssd"</c>) and reads it with the same parser.</summary>
internal sealed class PlacementConstraintJsonConverter : JsonConverter<PlacementConstraint>
{
    public override PlacementConstraint Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        PlacementConstraint.TryParse(reader.GetString(), out var constraint, out var error) ? constraint : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, PlacementConstraint value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
