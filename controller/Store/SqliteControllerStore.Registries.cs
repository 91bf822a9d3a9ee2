using Codemason.Controller.Registry;
using Codemason.Proto.V1;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    private const string RegistryColumns = "environment, node_id, address, certificate_pem, key_pem, issued_at";

    /// <inheritdoc />
    public Task<RegistryHost?> GetRegistryHostAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync(session => session.QuerySingle($"SELECT {RegistryColumns} FROM registries WHERE environment = $environment",
            ReadRegistryHost, ("$environment", environment)), cancellationToken);

    /// <inheritdoc />
    public Task SaveRegistryHostAsync(RegistryHost host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return WriteAsync(context => context.Execute(
            $"""
            INSERT INTO registries ({RegistryColumns}) VALUES ($environment, $node, $address, $certificate, $key, $issued)
            ON CONFLICT (environment) DO UPDATE SET node_id = $node, address = $address, certificate_pem = $certificate,
                key_pem = $key, issued_at = $issued
            """,
            ("$environment", host.Environment), ("$node", host.Node.Value), ("$address", host.Address),
            ("$certificate", host.CertificatePem), ("$key", host.KeyPem), ("$issued", host.IssuedAt.ToUnixTimeMilliseconds())), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListRegistryEnvironmentsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(session => session.Query(
            "SELECT environment FROM git_remotes UNION SELECT environment FROM registries ORDER BY 1", r => r.GetString(0)), cancellationToken);

    /// <inheritdoc />
    public Task<bool> NeedsRegistryAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync(session => session.ScalarLong(
            """
            SELECT EXISTS (SELECT 1 FROM git_remotes WHERE environment = $environment)
                OR EXISTS (SELECT 1 FROM registries WHERE environment = $environment)
            """, ("$environment", environment)) != 0, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RegistryCandidate>> ListRegistryCandidatesAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<RegistryCandidate>>(session => session.Query(
            "SELECT id, advertise_address, labels, status, availability, awaiting_approval FROM nodes WHERE environment = $environment ORDER BY id",
            r => new RegistryCandidate(
                NodeId.Parse(r.GetString(0)),
                r.GetString(1),
                StoreJson.ReadMap(r.GetString(2)),
                (NodeStatus)r.GetInt32(3) == NodeStatus.Ready,
                (NodeAvailability)r.GetInt32(4) == NodeAvailability.Active && r.GetInt64(5) == 0),
            ("$environment", environment)), cancellationToken);

    private static RegistryHost ReadRegistryHost(SqliteDataReader r) => new(
        r.GetString(0), NodeId.Parse(r.GetString(1)), r.GetString(2), r.GetString(3), r.GetString(4),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(5)));
}
