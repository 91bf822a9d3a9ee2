namespace Codemason.Edge.Configuration;

/// <summary>
/// A certificate for the hosts it lists (exact names or one wildcard level, <c>*.example.com</c>): PEM of the leaf
/// then its chain, and the PEM private key (PKCS#8, RSA or EC).
/// </summary>
public sealed record EdgeCertificate
{
    public IReadOnlyList<string> Hosts { get; init; } = [];

    public string CertificatePem { get; init; } = "";

    public string KeyPem { get; init; } = "";
}
