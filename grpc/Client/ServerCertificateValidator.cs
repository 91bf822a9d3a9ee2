using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Grpc.Client;

/// <summary>
/// Decides whether to trust the server certificate: a configured SHA-256 pin wins; otherwise the
/// chain must end at one of the configured CAs (and the name must match); otherwise the system decides.
/// </summary>
internal sealed class ServerCertificateValidator(X509Certificate2Collection? trustedCas, string? pinnedSha256)
{
    private readonly byte[]? _pin = pinnedSha256 is null ? null : Convert.FromHexString(pinnedSha256.Replace(":", "", StringComparison.Ordinal));

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }
        if (_pin is not null)
        {
            var hash = SHA256.HashData(certificate.GetRawCertData());
            return CryptographicOperations.FixedTimeEquals(hash, _pin);
        }
        if (trustedCas is not { Count: > 0 })
        {
            return errors == SslPolicyErrors.None;
        }
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(trustedCas);
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
