using Codemason.Controller.Hosting;
using Codemason.Grpc.Tls;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tls;

/// <summary>
/// The controller's TLS state: whether the gRPC port serves TLS and, loaded on first use, the certificates
/// in the data directory (made on the first start). Loading throws <see cref="ControllerTlsException"/>.
/// </summary>
public sealed class ControllerTls : IDisposable
{
    private readonly Lazy<ControllerCertificates> _certificates;

    public ControllerTls(IOptions<ControllerOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var settings = options.Value;
        // Both were validated at start (ControllerOptionsValidator); a bad value never reaches here.
        var mode = TlsSettings.TryParseMode(settings.Tls, out var parsed) ? parsed : TlsMode.Auto;
        var endpoint = ListenAddress.TryParse(settings.Listen, out var parsedEndpoint, out _) ? parsedEndpoint : new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0);
        Enabled = TlsSettings.IsEnabled(mode, ListenAddress.IsHttps(settings.Listen), endpoint.Address);
        var hostName = System.Net.Dns.GetHostName();
        var names = TlsSettings.ServerNames(hostName, endpoint.Address, TlsSettings.ParseSubjectAlternativeNames(settings.TlsSan, []));
        _certificates = new Lazy<ControllerCertificates>(
            () => ControllerCertificates.LoadOrCreate(settings.DataDirectory, hostName, names, time.GetUtcNow()),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the gRPC port serves TLS.</summary>
    public bool Enabled { get; }

    /// <summary>The CA and server certificate (loaded or made on first use).</summary>
    public ControllerCertificates Certificates => _certificates.Value;

    /// <summary>The CA fingerprint agents must pin, or null when the port serves cleartext.</summary>
    public CertificateFingerprint? PinnedFingerprint => Enabled ? Certificates.Fingerprint : null;

    public void Dispose()
    {
        if (_certificates.IsValueCreated)
        {
            _certificates.Value.Dispose();
        }
    }
}
