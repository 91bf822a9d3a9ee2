using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Acme;

/// <summary>The certificate signing request sent to finalize an order (RFC 8555 §7.4, RFC 2986).</summary>
internal static class AcmeCsr
{
    /// <summary>The longest common name X.520 allows; a longer first host goes in the SAN list only.</summary>
    private const int MaxCommonNameLength = 64;

    /// <summary>
    /// The DER of a CSR signed by <paramref name="key"/> (ECDSA, SHA-256) whose subject alternative names are
    /// <paramref name="hosts"/>, and whose common name is the first host when it fits.
    /// </summary>
    public static byte[] Create(IReadOnlyList<string> hosts, ECDsa key)
    {
        var subject = new X500DistinguishedNameBuilder();
        if (hosts[0].Length <= MaxCommonNameLength)
        {
            subject.AddCommonName(hosts[0]);
        }
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSigningRequest();
    }
}
