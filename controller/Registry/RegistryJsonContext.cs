using System.Text.Json.Serialization;

namespace Codemason.Controller.Registry;

/// <summary>The JOSE header of a registry token: ES256, signed by the key of the first certificate in <see cref="X5c"/>.</summary>
internal sealed record RegistryTokenHeader(
    [property: JsonPropertyName("typ")] string Typ,
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("x5c")] IReadOnlyList<string> X5c);

/// <summary>The claim set of a registry token (distribution's <c>token.ClaimSet</c>).</summary>
internal sealed record RegistryTokenClaims(
    [property: JsonPropertyName("iss")] string Issuer,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("aud")] string Audience,
    [property: JsonPropertyName("exp")] long Expires,
    [property: JsonPropertyName("nbf")] long NotBefore,
    [property: JsonPropertyName("iat")] long IssuedAt,
    [property: JsonPropertyName("jti")] string Id,
    [property: JsonPropertyName("access")] IReadOnlyList<RegistryTokenAccess> Access);

/// <summary>One entry of the <c>access</c> claim.</summary>
internal sealed record RegistryTokenAccess(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("actions")] IReadOnlyList<string> Actions);

/// <summary>The token endpoint's answer (both names of the token, as distribution's clients read either).</summary>
internal sealed record RegistryTokenResponse(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("issued_at")] string IssuedAt);

/// <summary>The answer of <c>GET /v2/&lt;name&gt;/tags/list</c>.</summary>
internal sealed record RegistryTagList(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("tags")] IReadOnlyList<string>? Tags);

/// <summary>An error answer of the token endpoint, in the registry's error shape.</summary>
internal sealed record RegistryErrors([property: JsonPropertyName("errors")] IReadOnlyList<RegistryError> Errors);

/// <summary>One error: code and message.</summary>
internal sealed record RegistryError(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(RegistryTokenHeader))]
[JsonSerializable(typeof(RegistryTokenClaims))]
[JsonSerializable(typeof(RegistryTokenResponse))]
[JsonSerializable(typeof(RegistryTagList))]
[JsonSerializable(typeof(RegistryErrors))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
