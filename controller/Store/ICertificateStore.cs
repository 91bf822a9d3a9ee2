using Codemason.Controller.Edge;

namespace Codemason.Controller.Store;

/// <summary>
/// The TLS certificates the edges serve, one per host and environment (docs/edge.md, "Certificates"). Every write
/// emits a modification of the environment (<see cref="Proto.V1.ResourceKind.Environment"/>), which the edge publisher
/// follows, and an event. Keys are secrets: only <see cref="ListCertificateKeysAsync"/> and the edge snapshot
/// (<see cref="IEdgeStore"/>) read them.
/// </summary>
public interface ICertificateStore
{
    /// <summary>
    /// Stores <paramref name="draft"/> for each of its hosts, replacing what those hosts had — except that an ACME
    /// certificate never replaces an uploaded one; returns the rows written.
    /// </summary>
    Task<IReadOnlyList<HostCertificate>> SaveCertificateAsync(string environment, CertificateDraft draft, string actor, CancellationToken cancellationToken);

    /// <summary>Forgets the certificate of <paramref name="host"/>; not found when it has none.</summary>
    Task DeleteCertificateAsync(string environment, string host, string actor, CancellationToken cancellationToken);

    /// <summary>The environment's certificates, by host, without keys (ACME hosts without a first certificate included).</summary>
    Task<IReadOnlyList<HostCertificate>> ListCertificatesAsync(string environment, CancellationToken cancellationToken);

    /// <summary>
    /// Records that ACME could not issue or renew the certificate of <paramref name="host"/> at the store's time:
    /// <paramref name="error"/> becomes its last error and its failed attempts grow by one; a host without a row gets
    /// one that holds only this bookkeeping (not <see cref="HostCertificate.Issued"/>, never sent to the edges). An
    /// uploaded certificate is left alone. Emits a <c>certificate-failed</c> event; returns the row.
    /// </summary>
    Task<HostCertificate> RecordCertificateFailureAsync(string environment, string host, string error, CancellationToken cancellationToken);

    /// <summary>The environment's issued certificates with their keys, by host.</summary>
    Task<IReadOnlyList<EdgeHostCertificate>> ListCertificateKeysAsync(string environment, CancellationToken cancellationToken);
}
