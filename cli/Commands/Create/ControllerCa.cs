using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Cli.Commands.Create;

/// <summary>
/// The controller's CA certificate, for git: mason pins the CA by fingerprint, git needs the certificate as a file
/// (<c>http.&lt;url&gt;.sslCAInfo</c>). The controller sends its CA in the TLS handshake (in the chain, and as a copy
/// inside its certificate); mason takes the one whose fingerprint is the pinned one, and nothing else.
/// </summary>
internal static class ControllerCa
{
    /// <summary>The pinned CA as the controller presents it; null when it presents none with that fingerprint.</summary>
    public static async Task<X509Certificate2?> FetchAsync(Uri controller, CertificateFingerprint pin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(controller);
        X509Certificate2? found = null;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(controller.Host, controller.Port, ct);
        await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, chain, _) =>
        {
            if (certificate is null)
            {
                return false;
            }
            using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            var candidates = (chain?.ChainPolicy.ExtraStore.Cast<X509Certificate2>() ?? []).Append(IssuerCopyExtension.Read(leaf));
            found = candidates.FirstOrDefault(c => c is not null && pin.Matches(c)) is { } match
                ? X509CertificateLoader.LoadCertificate(match.RawData)
                : null;
            return found is not null;
        });
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = controller.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
            }, ct);
        }
        catch (System.Security.Authentication.AuthenticationException)
        {
            return null;
        }
        return found;
    }

    /// <summary>Writes <paramref name="ca"/> as PEM beside the config file, one file per controller; returns its path.</summary>
    public static string Save(X509Certificate2 ca, string configFile, Uri controller)
    {
        ArgumentNullException.ThrowIfNull(ca);
        var directory = Path.GetDirectoryName(configFile)!;
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"ca-{controller.Host.Replace(':', '_')}-{controller.Port}.crt");
        File.WriteAllText(path, ca.ExportCertificatePem() + "\n");
        return path;
    }
}
