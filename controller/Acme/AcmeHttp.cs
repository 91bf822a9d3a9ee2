using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Controller.Acme;

/// <summary>The two HTTP clients' handlers of ACME: to the ACME server, and to the edges for the challenge self-check.</summary>
public static class AcmeHttp
{
    /// <summary>The longest one request may take: 30 s.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// To the ACME server: the system's CAs, or only those of <paramref name="trustedCaFile"/> (PEM) when given.
    /// Connections are renewed every few minutes so that a moved server is found.
    /// </summary>
    public static SocketsHttpHandler AcmeServerHandler(string? trustedCaFile)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (!string.IsNullOrEmpty(trustedCaFile))
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(trustedCaFile);
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.AddRange(roots);
            handler.SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy };
        }
        return handler;
    }

    /// <summary>To the edges' plain HTTP ports: no proxy (they are the cluster's own nodes), no redirects, a short connect timeout.</summary>
    public static SocketsHttpHandler ChallengeCheckHandler() => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
