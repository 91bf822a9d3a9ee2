using Codemason.Controller.Hosting;
using Codemason.Controller.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Registry;

/// <summary>
/// Adds the Kestrel endpoint of <see cref="RegistryOptions.Listen"/>, HTTP/1.1 (and HTTP/2 by ALPN over TLS), where
/// engines fetch registry tokens. Two reasons it is not the controller's own port: a cleartext controller port speaks
/// HTTP/2 only, and the controller's server certificate carries an extension OID Go 20.10 engines cannot parse. Its
/// certificate is issued from the CA in memory at every start, for the same names as the controller's.
/// </summary>
public sealed class RegistryRealmListener(
    IOptions<RegistryOptions> registry, IOptions<ControllerOptions> controller, ControllerTls tls, TimeProvider time)
    : IConfigureOptions<KestrelServerOptions>
{
    public void Configure(KestrelServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var listen = registry.Value.Listen;
        if (string.IsNullOrWhiteSpace(listen) || !ListenAddress.TryParse(listen, out var endpoint, out _))
        {
            return;
        }
        if (!ListenAddress.IsHttps(listen))
        {
            options.Listen(endpoint, l => l.Protocols = HttpProtocols.Http1);
            return;
        }
        var settings = controller.Value;
        var names = TlsSettings.ServerNames(System.Net.Dns.GetHostName(), endpoint.Address, TlsSettings.ParseSubjectAlternativeNames(settings.TlsSan, []));
        var certificate = CertificateAuthority.IssueRegistryServer(tls.Certificates.Ca, names, time.GetUtcNow());
        options.Listen(endpoint, l =>
        {
            l.Protocols = HttpProtocols.Http1AndHttp2;
            l.UseHttps(certificate);
        });
    }
}
