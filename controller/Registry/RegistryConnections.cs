using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Tls;

namespace Codemason.Controller.Registry;

/// <summary>
/// The controller's HTTPS client for the environments' registries: one connection pool that trusts only the
/// controller's CA (the registries' certificates chain to it), and a <see cref="RegistryClient"/> per address.
/// </summary>
public sealed class RegistryConnections(ControllerTls tls, IRegistryTokenIssuer issuer) : IDisposable
{
    private readonly Lazy<HttpClient> _http = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(5),
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && TrustedByCa(tls, certificate) },
    })
    { Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>A client for the registry at <paramref name="address"/> (<c>host:port</c>).</summary>
    public RegistryClient For(string address) => new(_http.Value, new Uri($"https://{address}/"), issuer);

    /// <summary>
    /// Null when the registry at <paramref name="address"/> answers its API root (200, or 401 asking for a token);
    /// else why not, in words.
    /// </summary>
    public async Task<string?> ProbeAsync(string address, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.Value.GetAsync(new Uri($"https://{address}/v2/"), cancellationToken);
            return response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized
                ? null
                : $"it answered {(int)response.StatusCode} {response.ReasonPhrase}";
        }
        catch (HttpRequestException ex)
        {
            return ex.Message;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "it did not answer in time";
        }
    }

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }

    private static bool TrustedByCa(ControllerTls tls, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(tls.Certificates.Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
