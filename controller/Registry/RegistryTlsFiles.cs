using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Tls;

namespace Codemason.Controller.Registry;

/// <summary>
/// The files a registry serves TLS and checks tokens with: its certificate issued by the controller's CA for the host
/// names and IP addresses nodes reach it at, its key, and the CA (<see cref="RegistryConfiguration"/> names them).
/// </summary>
/// <param name="CertificatePem">The registry's certificate, then the CA's (PEM).</param>
/// <param name="KeyPem">The registry's private key (PKCS#8 PEM): write it mode 0600.</param>
/// <param name="CaPem">The CA certificate (PEM): the <c>rootcertbundle</c>, and what nodes trust (agent's RegistryTrust).</param>
public sealed record RegistryTlsFiles(string CertificatePem, string KeyPem, string CaPem)
{
    /// <summary>Issues a server certificate for <paramref name="names"/> from <paramref name="ca"/> (which holds its key).</summary>
    public static RegistryTlsFiles Issue(X509Certificate2 ca, IReadOnlyList<string> names, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ca);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count == 0)
        {
            throw new ArgumentException("the registry needs at least one host name or IP address", nameof(names));
        }
        using var server = CertificateAuthority.IssueRegistryServer(ca, names, now);
        using var key = server.GetECDsaPrivateKey() ?? throw new CryptographicException("server certificate without an ECDSA key");
        var caPem = ca.ExportCertificatePem() + "\n";
        return new RegistryTlsFiles(server.ExportCertificatePem() + "\n" + caPem, key.ExportPkcs8PrivateKeyPem() + "\n", caPem);
    }
}
