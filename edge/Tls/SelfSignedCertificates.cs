using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Edge.Tls;

/// <summary>
/// Self-signed certificates made in memory for hosts that have no certificate yet (ECDSA P-256, one year), cached
/// per host. Only hosts with a route get their own; any other name shares one fallback certificate, so that random
/// SNI names cannot grow the cache.
/// </summary>
internal sealed class SelfSignedCertificates(TimeProvider time)
{
    /// <summary>The subject of the certificate served to names that have no route.</summary>
    public const string FallbackName = "codemason-edge";

    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, ServedCertificate> _cache = new(StringComparer.OrdinalIgnoreCase);

    public ServedCertificate For(string host) =>
        _cache.TryGetValue(host, out var cached) ? cached
            : _cache.Count >= MaxCached ? Create(host)
            : _cache.GetOrAdd(host, Create);

    public ServedCertificate Fallback() => For(FallbackName);

    private ServedCertificate Create(string host)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={host}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(host);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = time.GetUtcNow();
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        return ServedCertificate.Create(certificate, []);
    }
}
