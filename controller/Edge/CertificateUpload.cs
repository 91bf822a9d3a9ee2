using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Errors;

namespace Codemason.Controller.Edge;

/// <summary>
/// Checks an uploaded certificate and key (pure but for the clock it is given) and makes the draft the store keeps:
/// PEM of the leaf then its chain, the key re-encoded as PKCS#8, the hosts from the leaf's subject alternative DNS
/// names (lower case; <c>*.domain</c> wildcards as the edge serves them, one level). Bad input is an
/// <see cref="InvalidRequestException"/> with one sentence.
/// </summary>
public static class CertificateUpload
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    /// <summary>The draft for <paramref name="certificatePem"/> and <paramref name="keyPem"/>, checked at <paramref name="now"/>.</summary>
    public static CertificateDraft Check(string certificatePem, string keyPem, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(certificatePem))
        {
            throw new InvalidRequestException("certificate_pem is required: the PEM of the certificate, then its chain");
        }
        if (string.IsNullOrWhiteSpace(keyPem))
        {
            throw new InvalidRequestException("key_pem is required: the PEM of the certificate's private key");
        }
        var chain = ReadChain(certificatePem);
        try
        {
            var leaf = chain[0];
            foreach (var certificate in chain)
            {
                if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime)
                {
                    var which = certificate == leaf ? "the certificate" : $"the chain's certificate {certificate.Subject}";
                    throw new InvalidRequestException($"{which} expired on {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm} UTC");
                }
            }
            var hosts = Hosts(leaf);
            var key = KeyOf(leaf, keyPem);
            return new CertificateDraft(
                hosts,
                string.Concat(chain.Select(c => c.ExportCertificatePem() + "\n")),
                key,
                CertificateSource.Uploaded,
                new DateTimeOffset(leaf.NotBefore.ToUniversalTime(), TimeSpan.Zero),
                new DateTimeOffset(leaf.NotAfter.ToUniversalTime(), TimeSpan.Zero));
        }
        finally
        {
            foreach (var certificate in chain)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>The lower-case DNS names of the leaf's subject alternative names.</summary>
    public static IReadOnlyList<string> DnsNames(X509Certificate2 leaf)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        return [.. leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>()
            .SelectMany(e => e.EnumerateDnsNames())
            .Select(n => n.Trim().TrimEnd('.').ToLowerInvariant())
            .Where(n => n.Length > 0)
            .Distinct(StringComparer.Ordinal)];
    }

    private static List<X509Certificate2> ReadChain(string certificatePem)
    {
        var collection = new X509Certificate2Collection();
        try
        {
            collection.ImportFromPem(certificatePem);
        }
        catch (CryptographicException e)
        {
            throw new InvalidRequestException($"the certificate is not valid PEM: {e.Message}");
        }
        if (collection.Count == 0)
        {
            throw new InvalidRequestException("the certificate is not PEM: no \"-----BEGIN CERTIFICATE-----\" block was found");
        }
        return [.. collection];
    }

    private static List<string> Hosts(X509Certificate2 leaf)
    {
        var names = DnsNames(leaf);
        if (names.Count == 0)
        {
            throw new InvalidRequestException("the certificate names no DNS host in its subject alternative names");
        }
        foreach (var name in names)
        {
            var rest = name.StartsWith("*.", StringComparison.Ordinal) ? name[2..] : name;
            if (rest.Contains('*', StringComparison.Ordinal))
            {
                throw new InvalidRequestException($"the certificate names {name}: only wildcards of the form *.domain are supported");
            }
        }
        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>The key as PKCS#8 PEM, once it is known to be the leaf's.</summary>
    private static string KeyOf(X509Certificate2 leaf, string keyPem)
    {
        if (!keyPem.Contains("-----BEGIN", StringComparison.Ordinal))
        {
            throw new InvalidRequestException("the key is not PEM: no \"-----BEGIN ... PRIVATE KEY-----\" block was found");
        }
        if (keyPem.Contains("ENCRYPTED", StringComparison.Ordinal))
        {
            throw new InvalidRequestException("the key is encrypted: upload it without a passphrase");
        }
        AsymmetricAlgorithm key = leaf.GetKeyAlgorithm() switch
        {
            RsaOid => RSA.Create(),
            EcOid => ECDsa.Create(),
            var oid => throw new InvalidRequestException($"the certificate's key algorithm {oid} is not supported: use RSA or ECDSA"),
        };
        using (key)
        {
            try
            {
                key.ImportFromPem(keyPem);
                using var paired = key is RSA rsa ? leaf.CopyWithPrivateKey(rsa) : leaf.CopyWithPrivateKey((ECDsa)key);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                throw new InvalidRequestException("the key does not match the certificate: it is not the private key of the certificate's public key");
            }
            return key.ExportPkcs8PrivateKeyPem() + "\n";
        }
    }
}
