using System.Security.Cryptography.X509Certificates;

namespace Codemason.Acme;

/// <summary>
/// A certificate the ACME server issued: the hosts asked for, the chain as downloaded (leaf first, PEM), the private
/// key made for it (PKCS#8 PEM, never sent anywhere) and the leaf's validity.
/// </summary>
public sealed record IssuedCertificate(
    IReadOnlyList<string> Hosts,
    string CertificateChainPem,
    string PrivateKeyPem,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>The leaf with its private key, for a TLS server (Kestrel's <c>ServerCertificate</c>).</summary>
    public X509Certificate2 ToX509Certificate() => X509Certificate2.CreateFromPem(CertificateChainPem, PrivateKeyPem);

    /// <summary>Every certificate of the chain, leaf first.</summary>
    public X509Certificate2Collection ToChain()
    {
        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(CertificateChainPem);
        return chain;
    }
}
