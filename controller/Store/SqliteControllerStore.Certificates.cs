using Codemason.Controller.Edge;
using Codemason.Controller.Errors;
using Codemason.Proto.V1;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    private const string CertificateColumns =
        "environment, host, certificate_pem, source, not_before, not_after, updated_at, last_error, failed_attempts, last_failure_at";

    /// <inheritdoc />
    public Task<IReadOnlyList<HostCertificate>> SaveCertificateAsync(
        string environment, CertificateDraft draft, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (draft.Hosts.Count == 0)
        {
            throw new ArgumentException("a certificate is stored for at least one host", nameof(draft));
        }
        return WriteAsync<IReadOnlyList<HostCertificate>>(context =>
        {
            RequireEnvironment(context, environment);
            var written = new List<string>();
            foreach (var host in draft.Hosts)
            {
                // A replaced certificate starts ACME's bookkeeping afresh. An ACME certificate never replaces an
                // uploaded one: an upload during the order wins.
                var rows = context.Execute(
                    """
                    INSERT INTO certificates (environment, host, certificate_pem, key_pem, source, not_before, not_after, updated_at, revision)
                    VALUES ($environment, $host, $certificate, $key, $source, $notBefore, $notAfter, $at, $revision)
                    ON CONFLICT (environment, host) DO UPDATE SET certificate_pem = $certificate, key_pem = $key, source = $source,
                        not_before = $notBefore, not_after = $notAfter, updated_at = $at, revision = $revision,
                        last_error = NULL, failed_attempts = 0, last_failure_at = NULL
                    WHERE NOT (certificates.source = $uploaded AND $source = $acme)
                    """,
                    ("$environment", environment), ("$host", host), ("$certificate", draft.CertificatePem), ("$key", draft.KeyPem),
                    ("$source", CertificateSourceText.Format(draft.Source)), ("$notBefore", draft.NotBefore.ToUnixTimeMilliseconds()),
                    ("$notAfter", draft.NotAfter.ToUnixTimeMilliseconds()), ("$at", context.NowMs), ("$revision", context.Revision),
                    ("$uploaded", CertificateSourceText.Format(CertificateSource.Uploaded)), ("$acme", CertificateSourceText.Format(CertificateSource.Acme)));
                if (rows > 0)
                {
                    written.Add(host);
                }
            }
            if (written.Count > 0)
            {
                EmitCertificateChange(context, environment, new NewEvent(
                    "certificate-added",
                    $"{CertificateSourceText.Format(draft.Source)} certificate for {string.Join(", ", written)} stored" +
                    $" (valid until {draft.NotAfter:yyyy-MM-dd}){(actor.Length > 0 ? " by " + actor : "")}",
                    Environment: environment,
                    Actor: actor));
            }
            return [.. ReadCertificates(context, environment).Where(c => written.Contains(c.Host, StringComparer.Ordinal))];
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteCertificateAsync(string environment, string host, string actor, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            RequireEnvironment(context, environment);
            var deleted = context.Execute(
                "DELETE FROM certificates WHERE environment = $environment AND host = $host", ("$environment", environment), ("$host", host));
            if (deleted == 0)
            {
                throw new NotFoundException($"environment \"{environment}\" has no certificate for {host}");
            }
            EmitCertificateChange(context, environment, new NewEvent(
                "certificate-removed",
                $"certificate for {host} removed{(actor.Length > 0 ? " by " + actor : "")}",
                Environment: environment,
                Actor: actor));
            return true;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<HostCertificate> RecordCertificateFailureAsync(string environment, string host, string error, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);
        ArgumentNullException.ThrowIfNull(error);
        return WriteAsync(context =>
        {
            RequireEnvironment(context, environment);
            // An empty PEM marks a host ACME has no certificate for yet: the row carries only the failures.
            context.Execute(
                """
                INSERT INTO certificates (environment, host, certificate_pem, key_pem, source, not_before, not_after, updated_at, revision,
                    last_error, failed_attempts, last_failure_at)
                VALUES ($environment, $host, '', '', $acme, 0, 0, $at, $revision, $error, 1, $at)
                ON CONFLICT (environment, host) DO UPDATE SET last_error = $error, failed_attempts = failed_attempts + 1,
                    last_failure_at = $at, revision = $revision
                WHERE source = $acme
                """,
                ("$environment", environment), ("$host", host), ("$acme", CertificateSourceText.Format(CertificateSource.Acme)),
                ("$error", error), ("$at", context.NowMs), ("$revision", context.Revision));
            var row = ReadCertificates(context, environment).Single(c => c.Host == host);
            var now = row.Issued
                ? $"the current one is valid until {row.NotAfter:yyyy-MM-dd HH:mm} UTC"
                : "the edges serve a self-signed one meanwhile";
            EmitCertificateChange(context, environment, new NewEvent(
                "certificate-failed",
                $"{(row.Issued ? "renewing" : "issuing")} the acme certificate for {host} failed ({row.FailedAttempts} in a row; {now}): {error}",
                Environment: environment));
            return row;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<HostCertificate>> ListCertificatesAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<HostCertificate>>(session =>
        {
            RequireEnvironment(session, environment);
            return ReadCertificates(session, environment);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EdgeHostCertificate>> ListCertificateKeysAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<EdgeHostCertificate>>(session =>
        {
            RequireEnvironment(session, environment);
            return ReadCertificateKeys(session, environment);
        }, cancellationToken);

    private static List<HostCertificate> ReadCertificates(StoreSession session, string environment) =>
        session.Query($"SELECT {CertificateColumns} FROM certificates WHERE environment = $environment ORDER BY host",
            ReadHostCertificate, ("$environment", environment));

    private static List<EdgeHostCertificate> ReadCertificateKeys(StoreSession session, string environment) =>
        session.Query("SELECT host, certificate_pem, key_pem FROM certificates WHERE environment = $environment AND certificate_pem <> '' ORDER BY host",
            r => new EdgeHostCertificate(r.GetString(0), r.GetString(1), r.GetString(2)), ("$environment", environment));

    /// <summary>Certificates have no watchable object of their own: the environment is modified, which the edge publisher follows.</summary>
    private static void EmitCertificateChange(StoreWriteContext context, string environment, NewEvent recorded)
    {
        context.Execute("UPDATE environments SET revision = $revision WHERE name = $name", ("$revision", context.Revision), ("$name", environment));
        context.AddChange(ResourceKind.Environment, ChangeType.Modified, environment, "", environment, StoreQueries.LoadEnvironment(context, environment)!);
        context.AddEvent(recorded);
    }

    private static HostCertificate ReadHostCertificate(SqliteDataReader r) => new(
        r.GetString(0),
        r.GetString(1),
        r.GetString(2),
        CertificateSourceText.Parse(r.GetString(3)),
        r.GetString(2).Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(4)),
        r.GetString(2).Length == 0 ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
        r.IsDBNull(7) ? null : r.GetString(7),
        r.GetInt32(8),
        r.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)));
}
