using Codemason.Controller.Edge;
using Codemason.Mortar;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public Task<EdgeSnapshot> GetEdgeSnapshotAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            RequireEnvironment(session, environment);
            var nodes = session.Query(
                "SELECT id, hostname, advertise_address, labels FROM nodes WHERE environment = $environment ORDER BY id",
                r => new EdgeNode(NodeId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), StoreJson.ReadMap(r.GetString(3))),
                ("$environment", environment));
            // Routes live in Mortar's model of each current revision; most apps have none.
            var apps = session.Query(
                """
                SELECT a.name, r.model FROM apps a JOIN revisions r
                  ON r.environment = a.environment AND r.app = a.name AND r.number = a.current_revision
                WHERE a.environment = $environment AND a.deleted_at IS NULL AND r.model LIKE '%"routes":%' ORDER BY a.name
                """,
                r => new AppRoutes(r.GetString(0), MortarJson.DeserializeApp(r.GetString(1)).Routes),
                ("$environment", environment));
            var replicas = session.Query(
                """
                SELECT id, app, service, address, node_id FROM replicas
                WHERE environment = $environment AND state = $running AND node_id IS NOT NULL AND node_id <> ''
                ORDER BY id
                """,
                r => new EdgeReplica(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : (uint)r.GetInt64(3),
                    NodeId.Parse(r.GetString(4))),
                ("$environment", environment), ("$running", (int)ReplicaState.Running));
            return new EdgeSnapshot(environment, nodes, [.. apps.Where(a => a.Routes.Count > 0)], replicas)
            {
                Certificates = ReadCertificateKeys(session, environment),
            };
        }, cancellationToken);
}
