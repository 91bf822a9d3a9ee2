namespace Codemason.Controller.Edge;

/// <summary>A host's certificate with its key, as the edges need it (read only for edge nodes' messages).</summary>
/// <param name="Host">Lower-case hostname or <c>*.domain</c>.</param>
/// <param name="CertificatePem">PEM of the leaf, then its chain.</param>
/// <param name="KeyPem">PEM (PKCS#8) of the leaf's private key: a secret.</param>
public sealed record EdgeHostCertificate(string Host, string CertificatePem, string KeyPem);
