using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Grpc.Client;

/// <summary>
/// Decides whether to trust the server certificate. A pinned fingerprint wins: the leaf itself, or a CA
/// the server sent (in its chain, or as a copy inside the leaf, see <see cref="IssuerCopyExtension"/>)
/// that signed the leaf, must have it (the name is not checked: the pin
/// says who the server is). Otherwise the chain must end at one of the configured CAs (and the name must
/// match); otherwise the system trust store decides.
/// </summary>
/// <remarks>A refusal throws <see cref="ServerCertificateRefusedException"/> (see why there) instead of returning false.</remarks>
internal sealed class ServerCertificateValidator(X509Certificate2Collection? trustedCas, CertificateFingerprint? pin, Action<string>? rejected)
{
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) =>
        Check(certificate, chain, errors) is not { } reason || Refuse(reason);

    private bool Refuse(string reason)
    {
        rejected?.Invoke(reason);
        throw new ServerCertificateRefusedException(reason);
    }

    private string? Check(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return "the server sent no certificate";
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (pin is { } pinned)
        {
            return ChainsToPin(leaf, chain, pinned)
                ? null
                : $"the server's certificate ({leaf.Subject}, {CertificateFingerprint.Of(leaf)}) does not match the pinned fingerprint {pinned} (neither it nor a CA it chains to has it)";
        }
        if (trustedCas is not { Count: > 0 })
        {
            return errors == SslPolicyErrors.None ? null : $"the server's certificate ({leaf.Subject}) is not trusted by the system: {errors}";
        }
        if ((errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return $"the server's certificate ({leaf.Subject}) is not valid for this address: {errors}";
        }
        return BuildsTo(leaf, trustedCas, chain) ? null : $"the server's certificate ({leaf.Subject}) does not chain to a trusted CA";
    }

    private static bool ChainsToPin(X509Certificate2 leaf, X509Chain? chain, CertificateFingerprint pinned)
    {
        if (pinned.Matches(leaf))
        {
            return true;
        }
        // The CA comes from the server (a copy inside the leaf, or the chain it sends); the pin, not the
        // system store, makes it a root, and the leaf's signature must still check out against it.
        using var copy = IssuerCopyExtension.Read(leaf);
        var candidates = copy is null ? Presented(chain) : Presented(chain).Prepend(copy);
        foreach (var candidate in candidates)
        {
            if (pinned.Matches(candidate) && !candidate.RawData.AsSpan().SequenceEqual(leaf.RawData) && BuildsTo(leaf, [candidate], chain))
            {
                return true;
            }
        }
        return false;
    }

    private static IEnumerable<X509Certificate2> Presented(X509Chain? chain)
    {
        if (chain is null)
        {
            yield break;
        }
        foreach (var element in chain.ChainElements)
        {
            yield return element.Certificate;
        }
        foreach (var extra in chain.ChainPolicy.ExtraStore)
        {
            yield return extra;
        }
    }

    private static bool BuildsTo(X509Certificate2 leaf, X509Certificate2Collection roots, X509Chain? presented)
    {
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        foreach (var certificate in Presented(presented))
        {
            custom.ChainPolicy.ExtraStore.Add(certificate);
        }
        return custom.Build(leaf);
    }
}
