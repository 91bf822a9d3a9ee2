using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Controller.Tls;

/// <summary>Makes the controller's certificates: a self-signed ECDSA P-256 CA and server certificates it signs.</summary>
public static class CertificateAuthority
{
    /// <summary>How long the CA is valid: 20 years (agents pin it, so it should outlive the installation).</summary>
    public static readonly TimeSpan CaLifetime = TimeSpan.FromDays(20 * 365);

    /// <summary>How long a server certificate is valid: 5 years; one that expires within <see cref="RenewBefore"/> is re-issued at start.</summary>
    public static readonly TimeSpan ServerLifetime = TimeSpan.FromDays(5 * 365);

    /// <summary>A server certificate this close to its end is re-issued at start: 90 days.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromDays(90);

    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>A new CA certificate with its private key.</summary>
    public static X509Certificate2 CreateCa(string hostName, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN=Codemason controller CA ({Sanitize(hostName)})"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(CaLifetime));
    }

    /// <summary>
    /// A new server certificate for <paramref name="names"/> (DNS names and IP addresses), signed by
    /// <paramref name="ca"/>, with its private key and a copy of the CA certificate (<see cref="IssuerCopyExtension"/>).
    /// </summary>
    public static X509Certificate2 IssueServer(X509Certificate2 ca, IReadOnlyList<string> names, DateTimeOffset now) =>
        IssueServer(ca, names, now, "codemason-controller", issuerCopy: true);

    /// <summary>
    /// A new server certificate for a private registry, like <see cref="IssueServer(X509Certificate2, IReadOnlyList{string}, DateTimeOffset)"/>
    /// but without the <see cref="IssuerCopyExtension"/>: its clients (engines, the registry's own token checks) trust the
    /// CA file, none pins a fingerprint. (Until 2026-12-06 the copy's OID had a 128-bit arc, which Go before 1.22 refuses:
    /// "x509: malformed extension OID field".)
    /// </summary>
    public static X509Certificate2 IssueRegistryServer(X509Certificate2 ca, IReadOnlyList<string> names, DateTimeOffset now) =>
        IssueServer(ca, names, now, "codemason-registry", issuerCopy: false);

    private static X509Certificate2 IssueServer(X509Certificate2 ca, IReadOnlyList<string> names, DateTimeOffset now, string commonName, bool issuerCopy)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={commonName}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in names)
        {
            if (IPAddress.TryParse(name, out var ip))
            {
                san.AddIpAddress(ip);
            }
            else
            {
                san.AddDnsName(name);
            }
        }
        request.CertificateExtensions.Add(san.Build());
        if (issuerCopy)
        {
            request.CertificateExtensions.Add(IssuerCopyExtension.Create(ca));
        }
        return Sign(request, key, ca, now, ServerLifetime);
    }

    /// <summary>How long a registry token signing certificate is valid: 90 days (it lives in memory and is re-issued well before).</summary>
    public static readonly TimeSpan SigningLifetime = TimeSpan.FromDays(90);

    /// <summary>
    /// A new certificate for signing registry tokens (ECDSA P-256, digital signature only), signed by <paramref name="ca"/>,
    /// with its private key. The registry trusts a token whose <c>x5c</c> header carries it because its
    /// <c>rootcertbundle</c> holds the CA (docs/registry.md).
    /// </summary>
    public static X509Certificate2 IssueSigning(X509Certificate2 ca, string commonName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentException.ThrowIfNullOrWhiteSpace(commonName);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={Sanitize(commonName)}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        return Sign(request, key, ca, now, SigningLifetime);
    }

    /// <summary>Signs <paramref name="request"/> with the CA for <paramref name="lifetime"/> (never past the CA's end), with a random positive serial.</summary>
    private static X509Certificate2 Sign(CertificateRequest request, ECDsa key, X509Certificate2 ca, DateTimeOffset now, TimeSpan lifetime)
    {
        var notAfter = now.Add(lifetime);
        if (notAfter > ca.NotAfter)
        {
            notAfter = ca.NotAfter;
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(ca, now.AddMinutes(-5), notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>
    /// Whether <paramref name="server"/> can be kept: signed by <paramref name="ca"/>, covering every one of
    /// <paramref name="names"/>, carrying the CA's copy, and valid for more than <see cref="RenewBefore"/>.
    /// </summary>
    public static bool Covers(X509Certificate2 server, X509Certificate2 ca, IReadOnlyList<string> names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        if (server.NotAfter.ToUniversalTime() - now.UtcDateTime < RenewBefore || server.NotBefore.ToUniversalTime() > now.UtcDateTime)
        {
            return false;
        }
        if (!string.Equals(server.Issuer, ca.Subject, StringComparison.Ordinal) || !SignedBy(server, ca))
        {
            return false;
        }
        using (var copy = IssuerCopyExtension.Read(server))
        {
            // A copy under the legacy OID is re-issued: GnuTLS clients (git, curl-gnutls) cannot parse that certificate.
            if (copy is null || !copy.RawData.AsSpan().SequenceEqual(ca.RawData)
                || server.Extensions.Any(e => e.Oid?.Value == IssuerCopyExtension.LegacyOid))
            {
                return false;
            }
        }
        var extension = server.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return false;
        }
        var dns = extension.EnumerateDnsNames().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var ips = extension.EnumerateIPAddresses().ToHashSet();
        return names.All(n => IPAddress.TryParse(n, out var ip) ? ips.Contains(ip) : dns.Contains(n));
    }

    private static bool SignedBy(X509Certificate2 server, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        return chain.Build(server);
    }

    private static string Sanitize(string hostName)
    {
        var cleaned = new string([.. hostName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')]);
        return cleaned.Length == 0 ? "controller" : cleaned;
    }
}
