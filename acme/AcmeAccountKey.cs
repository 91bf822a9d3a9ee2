using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Codemason.Acme;

/// <summary>
/// The key that identifies an ACME account: ECDSA P-256, signing ES256. Export it with <see cref="ExportPem"/> and
/// keep it (the controller's store does) to reuse the account; <see cref="FromPem"/> reads it back.
/// </summary>
public sealed class AcmeAccountKey : IDisposable
{
    private readonly ECDsa _key;

    private AcmeAccountKey(ECDsa key)
    {
        _key = key;
        var parameters = key.ExportParameters(includePrivateParameters: false);
        PublicJwk = new AcmeJwk("P-256", "EC", Base64Url.EncodeToString(parameters.Q.X), Base64Url.EncodeToString(parameters.Q.Y));
        // RFC 7638 §3.2: the required members only, in lexicographic order (AcmeJwk declares them so), no whitespace.
        Jwk = JsonSerializer.Serialize(PublicJwk, AcmeJsonContext.Default.AcmeJwk);
        Thumbprint = Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(Jwk)));
    }

    /// <summary>The public key as a JWK in its RFC 7638 canonical form (also what the <c>jwk</c> header carries).</summary>
    public string Jwk { get; }

    /// <summary>The public key for the <c>jwk</c> header of newAccount.</summary>
    internal AcmeJwk PublicJwk { get; }

    /// <summary>The JWK thumbprint (RFC 7638, SHA-256, base64url): the second half of every key authorization.</summary>
    public string Thumbprint { get; }

    /// <summary>A new random key.</summary>
    public static AcmeAccountKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>Reads a key written by <see cref="ExportPem"/> (PKCS#8 or SEC 1 <c>EC PRIVATE KEY</c>).</summary>
    /// <exception cref="ArgumentException">The text holds no private key, or not a P-256 one.</exception>
    public static AcmeAccountKey FromPem(string pem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pem);
        var key = ECDsa.Create();
        ECParameters parameters;
        try
        {
            key.ImportFromPem(pem);
            parameters = key.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new ArgumentException($"the account key could not be read: {e.Message}", nameof(pem), e);
        }
        if (parameters.D is null || parameters.Curve.Oid?.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            key.Dispose();
            throw new ArgumentException("the account key must be an ECDSA P-256 private key", nameof(pem));
        }
        return new AcmeAccountKey(key);
    }

    /// <summary>The private key as PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>). Secret: store it as one.</summary>
    public string ExportPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The key authorization of an HTTP-01 token (RFC 8555 §8.1): <c>token.thumbprint</c>.</summary>
    public string KeyAuthorization(string token) => $"{token}.{Thumbprint}";

    /// <summary>An ES256 signature of <paramref name="signingInput"/>: r‖s, 64 bytes (RFC 7518 §3.4).</summary>
    internal byte[] Sign(ReadOnlySpan<byte> signingInput) =>
        _key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);

    /// <inheritdoc />
    public void Dispose() => _key.Dispose();
}
