namespace Codemason.Controller.Edge;

/// <summary>The certificate stored for one host of an environment, without its key.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Host">Lower-case hostname or <c>*.domain</c>.</param>
/// <param name="CertificatePem">PEM of the leaf, then its chain (public).</param>
/// <param name="Source">Uploaded or issued by ACME.</param>
/// <param name="NotBefore">Start of the leaf's validity.</param>
/// <param name="NotAfter">End of the leaf's validity.</param>
/// <param name="UpdatedAt">When it was stored.</param>
/// <param name="LastError">ACME: why the last renewal failed; null when it did not.</param>
/// <param name="FailedAttempts">ACME: renewals failed in a row.</param>
/// <param name="LastFailureAt">ACME: when the last renewal failed; null when none did.</param>
public sealed record HostCertificate(
    string Environment,
    string Host,
    string CertificatePem,
    CertificateSource Source,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset UpdatedAt,
    string? LastError,
    int FailedAttempts,
    DateTimeOffset? LastFailureAt);
