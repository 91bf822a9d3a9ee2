using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Codemason.Acme;

/// <summary>Writes the body of an ACME POST: a flattened JWS signed ES256 (RFC 8555 §6.2).</summary>
internal static class AcmeJwsWriter
{
    private const string Algorithm = "ES256";

    /// <summary>
    /// The JWS of <paramref name="payload"/> (null: an empty payload, a POST-as-GET, §6.3) for <paramref name="url"/>,
    /// with the account URL as <c>kid</c>, or, when <paramref name="accountUrl"/> is null (newAccount), the key as
    /// <c>jwk</c>.
    /// </summary>
    public static byte[] Write(AcmeAccountKey key, Uri? accountUrl, string nonce, Uri url, byte[]? payload)
    {
        var header = new AcmeProtectedHeader(
            Algorithm,
            accountUrl?.AbsoluteUri,
            accountUrl is null ? key.PublicJwk : null,
            nonce,
            url.AbsoluteUri);
        var encodedHeader = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(header, AcmeJsonContext.Default.AcmeProtectedHeader));
        var encodedPayload = payload is null ? "" : Base64Url.EncodeToString(payload);
        var signature = key.Sign(Encoding.ASCII.GetBytes($"{encodedHeader}.{encodedPayload}"));
        return JsonSerializer.SerializeToUtf8Bytes(
            new AcmeJws(encodedHeader, encodedPayload, Base64Url.EncodeToString(signature)),
            AcmeJsonContext.Default.AcmeJws);
    }
}
