using System.Text.Json;
using System.Text.Json.Serialization;
using Codemason.Mortar.Model;

namespace Codemason.Mortar;

/// <summary>
/// The one JSON form of the normalised model (<see cref="AppSpec"/>, <see cref="ServiceSpec"/>): camelCase,
/// enums as camelCase strings, nulls omitted. Serialising the same model always gives the same text, and
/// deserialising it gives an equal model, so the controller can store revisions as this JSON.
/// </summary>
public static class MortarJson
{
    /// <summary>Compact options (the stored form).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented options (golden files, <c>mason validate --print</c>).</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    public static string Serialize(AppSpec app, bool indented = false) =>
        JsonSerializer.Serialize(app, indented ? IndentedOptions : Options);

    public static string Serialize(ServiceSpec service, bool indented = false) =>
        JsonSerializer.Serialize(service, indented ? IndentedOptions : Options);

    /// <summary>Reads a stored model; throws <see cref="JsonException"/> for text this library did not write.</summary>
    public static AppSpec DeserializeApp(string json) =>
        JsonSerializer.Deserialize<AppSpec>(json, Options) ?? throw new JsonException("expected an app spec, found null");

    /// <summary>Reads a stored service spec; throws <see cref="JsonException"/> for text this library did not write.</summary>
    public static ServiceSpec DeserializeService(string json) =>
        JsonSerializer.Deserialize<ServiceSpec>(json, Options) ?? throw new JsonException("expected a service spec, found null");

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
