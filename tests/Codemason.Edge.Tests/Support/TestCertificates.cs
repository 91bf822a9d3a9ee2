using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Edge.Configuration;

namespace Codemason.Edge.Tests.Support;

internal static class TestCertificates
{
    /// <summary>A certificate for <paramref name="hosts"/> (the first is its subject) as the edge.json entry, and the certificate itself.</summary>
    public static (EdgeCertificate Entry, X509Certificate2 Certificate) Create(params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hosts[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            names.AddDnsName(host);
        }

        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return (new EdgeCertificate
        {
            Hosts = hosts,
            CertificatePem = certificate.ExportCertificatePem(),
            KeyPem = key.ExportPkcs8PrivateKeyPem(),
        }, certificate);
    }
}
