using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Codemason.Controller.Tls;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>
/// Issues registry tokens as distribution 2.8 verifies them (<c>registry/auth/token</c>): a compact JWS signed ES256
/// whose <c>x5c</c> header carries a signing certificate issued by the controller's CA. The signing certificate lives
/// in memory only, issued on first use and re-issued when half of its life has passed; the registry needs nothing
/// new when it changes, since it checks the chain against the CA on every token.
/// </summary>
public sealed class RegistryTokenIssuer : IRegistryTokenIssuer, IDisposable
{
    private const string Algorithm = "ES256";
    private const string SigningName = "codemason-registry-token";

    private readonly Func<X509Certificate2> _ca;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly Lock _gate = new();
    private X509Certificate2? _signing;
    private ECDsa? _key;
    private string? _x5c;

    /// <summary>An issuer signing with certificates from <paramref name="tls"/>'s CA.</summary>
    public RegistryTokenIssuer(ControllerTls tls, IOptions<RegistryOptions> options, TimeProvider time)
        : this(() => tls.Certificates.Ca, options?.Value ?? throw new ArgumentNullException(nameof(options)), time)
    {
        ArgumentNullException.ThrowIfNull(tls);
    }

    /// <summary>An issuer signing with certificates from the CA <paramref name="ca"/> returns (with its private key).</summary>
    public RegistryTokenIssuer(Func<X509Certificate2> ca, RegistryOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _ca = ca;
        _time = time;
        _lifetime = options.TokenLifetime;
        Service = options.Service;
        Issuer = options.Issuer;
    }

    /// <inheritdoc />
    public string Service { get; }

    /// <inheritdoc />
    public string Issuer { get; }

    /// <inheritdoc />
    public RegistryToken Issue(string subject, IReadOnlyList<RegistryAccess> access)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(access);
        var now = _time.GetUtcNow();
        var expires = now.Add(_lifetime);
        lock (_gate)
        {
            var (key, x5c) = Signing(now);
            var header = new RegistryTokenHeader("JWT", Algorithm, [x5c]);
            var claims = new RegistryTokenClaims(
                Issuer, subject, Service,
                Expires: expires.ToUnixTimeSeconds(),
                NotBefore: now.ToUnixTimeSeconds(),
                IssuedAt: now.ToUnixTimeSeconds(),
                Id: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                [.. access.Select(a => new RegistryTokenAccess(a.Type, a.Name, a.Actions))]);
            var signingInput = Encode(JsonSerializer.SerializeToUtf8Bytes(header, RegistryJsonContext.Default.RegistryTokenHeader))
                + "." + Encode(JsonSerializer.SerializeToUtf8Bytes(claims, RegistryJsonContext.Default.RegistryTokenClaims));
            // ES256 is the raw r‖s pair (IEEE P1363), which is .NET's default signature format.
            var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
            return new RegistryToken($"{signingInput}.{Encode(signature)}", now, expires, access);
        }
    }

    private (ECDsa Key, string X5c) Signing(DateTimeOffset now)
    {
        if (_signing is null || _key is null || _x5c is null
            || now - _signing.NotBefore.ToUniversalTime() > (_signing.NotAfter - _signing.NotBefore) / 2
            || now.Add(_lifetime) > _signing.NotAfter.ToUniversalTime())
        {
            var signing = CertificateAuthority.IssueSigning(_ca(), SigningName, now);
            _key?.Dispose();
            _signing?.Dispose();
            _signing = signing;
            _key = signing.GetECDsaPrivateKey() ?? throw new InvalidOperationException("signing certificate without an ECDSA key");
            // x5c holds standard base64 DER (RFC 7515 §4.1.6), not base64url.
            _x5c = Convert.ToBase64String(signing.RawData);
        }
        return (_key, _x5c);
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    public void Dispose()
    {
        lock (_gate)
        {
            _key?.Dispose();
            _signing?.Dispose();
        }
    }
}
