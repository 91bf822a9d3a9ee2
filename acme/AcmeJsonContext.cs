using System.Text.Json.Serialization;

namespace Codemason.Acme;

/// <summary>The directory (RFC 8555 §7.1.1): the URLs this client uses, and the terms.</summary>
internal sealed record AcmeDirectoryResource(
    [property: JsonPropertyName("newNonce")] Uri? NewNonce,
    [property: JsonPropertyName("newAccount")] Uri? NewAccount,
    [property: JsonPropertyName("newOrder")] Uri? NewOrder,
    [property: JsonPropertyName("meta")] AcmeDirectoryMeta? Meta);

/// <summary>The directory's <c>meta</c>.</summary>
internal sealed record AcmeDirectoryMeta(
    [property: JsonPropertyName("termsOfService")] string? TermsOfService,
    [property: JsonPropertyName("externalAccountRequired")] bool? ExternalAccountRequired);

/// <summary>The newAccount request (§7.3).</summary>
internal sealed record AcmeAccountRequest(
    [property: JsonPropertyName("termsOfServiceAgreed")] bool TermsOfServiceAgreed,
    [property: JsonPropertyName("contact")] IReadOnlyList<string>? Contact);

/// <summary>An account object (§7.1.2), as far as this client reads it.</summary>
internal sealed record AcmeAccountResource([property: JsonPropertyName("status")] string? Status);

/// <summary>An identifier (§9.7.7): type <c>dns</c> and the host.</summary>
internal sealed record AcmeIdentifier(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] string Value);

/// <summary>The newOrder request (§7.4).</summary>
internal sealed record AcmeOrderRequest([property: JsonPropertyName("identifiers")] IReadOnlyList<AcmeIdentifier> Identifiers);

/// <summary>An order object (§7.1.3).</summary>
internal sealed record AcmeOrderResource(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("identifiers")] IReadOnlyList<AcmeIdentifier>? Identifiers,
    [property: JsonPropertyName("authorizations")] IReadOnlyList<Uri>? Authorizations,
    [property: JsonPropertyName("finalize")] Uri? Finalize,
    [property: JsonPropertyName("certificate")] Uri? Certificate,
    [property: JsonPropertyName("error")] AcmeProblemResource? Error);

/// <summary>An authorization object (§7.1.4).</summary>
internal sealed record AcmeAuthorizationResource(
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("identifier")] AcmeIdentifier? Identifier,
    [property: JsonPropertyName("challenges")] IReadOnlyList<AcmeChallengeResource>? Challenges);

/// <summary>A challenge object (§7.1.5, §8).</summary>
internal sealed record AcmeChallengeResource(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("url")] Uri? Url,
    [property: JsonPropertyName("status")] string? Status,
    [property: JsonPropertyName("token")] string? Token,
    [property: JsonPropertyName("error")] AcmeProblemResource? Error);

/// <summary>The finalize request (§7.4): the CSR's DER, base64url.</summary>
internal sealed record AcmeFinalizeRequest([property: JsonPropertyName("csr")] string Csr);

/// <summary>The empty object a challenge is answered with (§7.5.1).</summary>
internal sealed record AcmeEmptyRequest;

/// <summary>A problem document (§6.7) as sent.</summary>
internal sealed record AcmeProblemResource(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("status")] int? Status,
    [property: JsonPropertyName("identifier")] AcmeIdentifier? Identifier,
    [property: JsonPropertyName("subproblems")] IReadOnlyList<AcmeProblemResource>? Subproblems)
{
    public AcmeProblem ToProblem() => new(
        Type ?? "about:blank",
        Detail ?? "",
        Status,
        Identifier?.Value,
        Subproblems?.Select(s => s.ToProblem()).ToList());
}

/// <summary>The protected header of a request's JWS (§6.2): <c>jwk</c> for newAccount, <c>kid</c> after.</summary>
internal sealed record AcmeProtectedHeader(
    [property: JsonPropertyName("alg")] string Alg,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("jwk")] AcmeJwk? Jwk,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("url")] string Url);

/// <summary>An EC public key as a JWK.</summary>
internal sealed record AcmeJwk(
    [property: JsonPropertyName("crv")] string Crv,
    [property: JsonPropertyName("kty")] string Kty,
    [property: JsonPropertyName("x")] string X,
    [property: JsonPropertyName("y")] string Y);

/// <summary>A flattened JWS JSON serialization (RFC 7515 §7.2.2), the body of every ACME POST.</summary>
internal sealed record AcmeJws(
    [property: JsonPropertyName("protected")] string Protected,
    [property: JsonPropertyName("payload")] string Payload,
    [property: JsonPropertyName("signature")] string Signature);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcmeDirectoryResource))]
[JsonSerializable(typeof(AcmeAccountRequest))]
[JsonSerializable(typeof(AcmeAccountResource))]
[JsonSerializable(typeof(AcmeOrderRequest))]
[JsonSerializable(typeof(AcmeOrderResource))]
[JsonSerializable(typeof(AcmeAuthorizationResource))]
[JsonSerializable(typeof(AcmeFinalizeRequest))]
[JsonSerializable(typeof(AcmeEmptyRequest))]
[JsonSerializable(typeof(AcmeProblemResource))]
[JsonSerializable(typeof(AcmeProtectedHeader))]
[JsonSerializable(typeof(AcmeJws))]
[JsonSerializable(typeof(AcmeJwk))]
internal sealed partial class AcmeJsonContext : JsonSerializerContext;
