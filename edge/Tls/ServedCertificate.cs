using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Edge.Tls;

/// <summary>A leaf with its chain, ready for a TLS handshake (the chain is sent with the leaf).</summary>
internal sealed class ServedCertificate(X509Certificate2 leaf, SslStreamCertificateContext context)
{
    public X509Certificate2 Leaf { get; } = leaf;

    public SslStreamCertificateContext Context { get; } = context;

    public static ServedCertificate Create(X509Certificate2 leaf, X509Certificate2Collection chain) =>
        // offline: the chain comes from the file; never fetch intermediates during a handshake.
        new(leaf, SslStreamCertificateContext.Create(leaf, chain, offline: true));
}
