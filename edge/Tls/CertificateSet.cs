using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Edge.Configuration;

namespace Codemason.Edge.Tls;

/// <summary>
/// The certificates of one configuration, looked up by SNI name: an exact host first, then a wildcard one level up
/// (<c>*.example.com</c> for <c>api.example.com</c>). Immutable; a new configuration builds a new set.
/// </summary>
internal sealed class CertificateSet
{
    private readonly Dictionary<string, ServedCertificate> _byHost;

    private CertificateSet(Dictionary<string, ServedCertificate> byHost) => _byHost = byHost;

    public static CertificateSet Empty { get; } = new(new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase));

    /// <summary>Parses every certificate; a PEM that does not load adds an error naming its index.</summary>
    public static CertificateSet Create(IReadOnlyList<EdgeCertificate> certificates, List<string> errors)
    {
        var byHost = new Dictionary<string, ServedCertificate>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < certificates.Count; i++)
        {
            var certificate = certificates[i];
            ServedCertificate served;
            try
            {
                served = Load(certificate);
            }
            catch (CryptographicException e)
            {
                errors.Add($"certificates[{i}]: {e.Message}");
                continue;
            }
            catch (ArgumentException e)
            {
                errors.Add($"certificates[{i}]: {e.Message}");
                continue;
            }

            foreach (var host in certificate.Hosts)
            {
                // The first certificate listing a host wins; the controller sends one per host.
                byHost.TryAdd(host, served);
            }
        }

        return new CertificateSet(byHost);
    }

    public ServedCertificate? Find(string? serverName)
    {
        if (string.IsNullOrEmpty(serverName))
        {
            return null;
        }

        if (_byHost.TryGetValue(serverName, out var exact))
        {
            return exact;
        }

        var dot = serverName.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && _byHost.TryGetValue(string.Concat("*", serverName.AsSpan(dot)), out var wildcard) ? wildcard : null;
    }

    private static ServedCertificate Load(EdgeCertificate certificate)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(certificate.CertificatePem);
        if (all.Count == 0)
        {
            throw new CryptographicException("certificatePem holds no certificate");
        }

        using var withoutKey = all[0];
        var leaf = X509Certificate2.CreateFromPem(withoutKey.ExportCertificatePem(), certificate.KeyPem);
        var chain = new X509Certificate2Collection();
        for (var i = 1; i < all.Count; i++)
        {
            chain.Add(all[i]);
        }

        return ServedCertificate.Create(leaf, chain);
    }
}
