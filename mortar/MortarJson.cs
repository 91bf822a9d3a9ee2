using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Codemason.Mortar.Model;

namespace Codemason.Mortar;

/// <summary>
/// The one JSON form of the normalised model (<see cref="AppSpec"/>, <see cref="ServiceSpec"/>): camelCase,
/// enums as camelCase strings, nulls omitted. Serialising the same model always gives the same text, and
/// deserialising it gives an equal model, so the controller can store revisions as this JSON. The metadata is
/// generated at build time (<see cref="MortarJsonContext"/>), so no reflection is needed at run time.
/// </summary>
public static class MortarJson
{
    /// <summary>Compact options (the stored form).</summary>
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>Indented options (golden files, <c>mason validate --print</c>).</summary>
    public static JsonSerializerOptions IndentedOptions { get; } = Create(indented: true);

    public static string Serialize(AppSpec app, bool indented = false) =>
        JsonSerializer.Serialize(app, TypeInfo<AppSpec>(indented ? IndentedOptions : Options));

    public static string Serialize(ServiceSpec service, bool indented = false) =>
        JsonSerializer.Serialize(service, TypeInfo<ServiceSpec>(indented ? IndentedOptions : Options));

    /// <summary>Reads a stored model; throws <see cref="JsonException"/> for text this library did not write.</summary>
    public static AppSpec DeserializeApp(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo<AppSpec>(Options)) ?? throw new JsonException("expected an app spec, found null");

    /// <summary>Reads a stored service spec; throws <see cref="JsonException"/> for text this library did not write.</summary>
    public static ServiceSpec DeserializeService(string json) =>
        JsonSerializer.Deserialize(json, TypeInfo<ServiceSpec>(Options)) ?? throw new JsonException("expected a service spec, found null");

    /// <summary>The generated metadata of <typeparamref name="T"/> (a model type) for <paramref name="options"/>.</summary>
    internal static JsonTypeInfo<T> TypeInfo<T>(JsonSerializerOptions options) => (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            NumberHandling = JsonNumberHandling.Strict,
            RespectNullableAnnotations = true,
            TypeInfoResolver = MortarJsonContext.Default,
        };
        options.Converters.Add(CamelCase<MasonFileType>());
        options.Converters.Add(CamelCase<ServiceKind>());
        options.Converters.Add(CamelCase<PortProtocol>());
        options.Converters.Add(CamelCase<VolumeKind>());
        options.Converters.Add(CamelCase<LinkResolution>());
        options.Converters.Add(CamelCase<RouteProtocol>());
        options.MakeReadOnly();
        return options;
    }

    private static JsonStringEnumConverter<T> CamelCase<T>()
        where T : struct, Enum => new(JsonNamingPolicy.CamelCase, allowIntegerValues: false);
}

/// <summary>Build-time JSON metadata of the normalised model, used through <see cref="MortarJson"/>'s options.</summary>
[JsonSerializable(typeof(AppSpec))]
[JsonSerializable(typeof(ServiceSpec))]
internal sealed partial class MortarJsonContext : JsonSerializerContext;
