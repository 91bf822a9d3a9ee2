namespace Codemason.Controller.Edge;

/// <summary>
/// The certificate stored for one host of an environment, without its key; or, for a host ACME has not issued a first
/// certificate for yet, only the bookkeeping of its failed attempts (<see cref="Issued"/> false: no PEM, no validity,
/// and the edges serve the self-signed fallback).
/// </summary>
/// <param name="Environment">The environment.</param>
/// <param name="Host">Lower-case hostname or <c>*.domain</c>.</param>
/// <param name="CertificatePem">PEM of the leaf, then its chain (public); empty when not <see cref="Issued"/>.</param>
/// <param name="Source">Uploaded or issued by ACME.</param>
/// <param name="NotBefore">Start of the leaf's validity; null when not <see cref="Issued"/>.</param>
/// <param name="NotAfter">End of the leaf's validity; null when not <see cref="Issued"/>.</param>
/// <param name="UpdatedAt">When it was stored.</param>
/// <param name="LastError">ACME: why the last attempt to issue or renew failed; null when it did not.</param>
/// <param name="FailedAttempts">ACME: attempts failed in a row.</param>
/// <param name="LastFailureAt">ACME: when the last attempt failed; null when none did.</param>
public sealed record HostCertificate(
    string Environment,
    string Host,
    string CertificatePem,
    CertificateSource Source,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotAfter,
    DateTimeOffset UpdatedAt,
    string? LastError,
    int FailedAttempts,
    DateTimeOffset? LastFailureAt)
{
    /// <summary>Whether a certificate is stored (false: ACME's first one has not been issued yet).</summary>
    public bool Issued => NotAfter is not null;
}
