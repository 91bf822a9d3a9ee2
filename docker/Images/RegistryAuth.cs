using System.Text.Json.Serialization;

namespace Codemason.Docker.Images;

/// <summary>Credentials for a registry, sent as the base64url-encoded JSON <c>X-Registry-Auth</c> header.</summary>
public sealed record RegistryAuth
{
    /// <summary>The header that carries the credentials.</summary>
    public const string HeaderName = "X-Registry-Auth";

    [JsonPropertyName("username")]
    public string? Username { get; init; }

    [JsonPropertyName("password")]
    public string? Password { get; init; }

    /// <summary>Registry host, e.g. <c>registry.example.com:5000</c>.</summary>
    [JsonPropertyName("serveraddress")]
    public string? ServerAddress { get; init; }

    /// <summary>A token from a previous login, used instead of username and password.</summary>
    [JsonPropertyName("identitytoken")]
    public string? IdentityToken { get; init; }

    /// <summary>The header value: the JSON above, base64url-encoded.</summary>
    public string ToHeaderValue() =>
        Base64Url(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(this, Serialization.DockerJsonContext.Default.RegistryAuth));

    // The engine decodes with base64.URLEncoding, which expects padding; keep the '='.
    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');

    // Passwords must not end up in logs through the generated ToString.
    public override string ToString() => $"RegistryAuth {{ Username = {Username}, ServerAddress = {ServerAddress} }}";
}
