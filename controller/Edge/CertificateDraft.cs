namespace Codemason.Controller.Edge;

/// <summary>A checked certificate to store for each of its hosts (see <see cref="CertificateUpload"/>).</summary>
/// <param name="Hosts">Lower-case DNS names (or <c>*.domain</c> wildcards) it is stored for, distinct.</param>
/// <param name="CertificatePem">PEM of the leaf, then its chain.</param>
/// <param name="KeyPem">PEM (PKCS#8) of the leaf's private key: a secret.</param>
/// <param name="Source">Uploaded or issued by ACME.</param>
/// <param name="NotBefore">Start of the leaf's validity.</param>
/// <param name="NotAfter">End of the leaf's validity.</param>
public sealed record CertificateDraft(
    IReadOnlyList<string> Hosts, string CertificatePem, string KeyPem, CertificateSource Source, DateTimeOffset NotBefore, DateTimeOffset NotAfter);
