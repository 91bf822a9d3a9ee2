using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Grpc.Tls;

/// <summary>
/// A non-critical certificate extension that carries a copy of the issuing CA's certificate (its DER) inside
/// the server certificate. TLS stacks leave a self-signed root out of the chain they send, so a client that
/// pins the CA by fingerprint would never see it; with the copy it checks the copy's fingerprint and the
/// leaf's signature against it. Other TLS clients ignore the extension and trust <c>ca.crt</c> as usual.
/// </summary>
public static class IssuerCopyExtension
{
    /// <summary>
    /// The extension's OID: a UUID-based OID (ITU-T X.667, arc 2.25, needing no registration) whose UUID keeps only the
    /// low 31 bits of <see cref="LegacyOid"/>'s, so that the arc fits the integers of GnuTLS's ASN.1 parser (Debian's
    /// git and curl-gnutls refused certificates carrying the 128-bit arc: "Error in DER parsing") and of Go's (31 bits:
    /// Docker engines, the registry).
    /// </summary>
    public const string Oid = "2.25.671372383";

    /// <summary>The OID of certificates issued before 2026-12-06; still read, never written.</summary>
    public const string LegacyOid = "2.25.179612637495926405748099483262974710879";

    /// <summary>The extension holding <paramref name="issuer"/>'s certificate.</summary>
    public static X509Extension Create(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        // A certificate is itself a DER value, so its bytes are a valid extension value as they are.
        return new X509Extension(new Oid(Oid), issuer.RawData, critical: false);
    }

    /// <summary>The issuer copy in <paramref name="certificate"/>, or null when it has none or it does not parse.</summary>
    public static X509Certificate2? Read(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        foreach (var extension in certificate.Extensions)
        {
            if (extension.Oid?.Value is not (Oid or LegacyOid))
            {
                continue;
            }
            try
            {
                return X509CertificateLoader.LoadCertificate(extension.RawData);
            }
            catch (CryptographicException)
            {
                return null;
            }
        }
        return null;
    }
}
