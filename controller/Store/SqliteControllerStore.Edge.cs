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
            var apps = CurrentRouteModels(session, environment).Select(m => new AppRoutes(m.App, MortarJson.DeserializeApp(m.Model).Routes));
            var replicas = session.Query(
                """
                SELECT id, app, service, COALESCE(serving_address, address), node_id FROM replicas
                WHERE environment = $environment AND (state = $running OR serving <> 0) AND node_id IS NOT NULL AND node_id <> ''
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

    /// <summary>
    /// Gives the assignments of routed services (a route of the environment reaches them) the drain period, so their
    /// agents roll them out start-first and drain the old containers (docs/edge.md, "Zero-downtime rollouts").
    /// </summary>
    private List<ReplicaAssignment> WithDrains(StoreSession session, string environment, List<ReplicaAssignment> assignments)
    {
        if (assignments.Count == 0 || _drain <= TimeSpan.Zero)
        {
            return assignments;
        }
        // The routes' targets, read from the models in SQL: no model is deserialized on this path, which every node's
        // assignment reads take.
        var routed = session.Query(
            """
            SELECT DISTINCT json_extract(route.value, '$.targetApp'), json_extract(route.value, '$.targetService')
            FROM apps a JOIN revisions r ON r.environment = a.environment AND r.app = a.name AND r.number = a.current_revision,
                 json_each(r.model, '$.routes') AS route
            WHERE a.environment = $environment AND a.deleted_at IS NULL AND r.model LIKE '%"routes":%'
            """,
            r => (App: r.GetString(0), Service: r.GetString(1)),
            ("$environment", environment)).ToHashSet();
        foreach (var assignment in assignments.Where(a => routed.Contains((a.App, a.Service))))
        {
            assignment.DrainMs = (uint)_drain.TotalMilliseconds;
        }
        return assignments;
    }

    /// <summary>
    /// The current Mortar models of the environment's live apps that declare routes (they live in each current revision's
    /// model, and most apps have none), and of the apps <paramref name="alsoApps"/> names; without <paramref name="except"/>.
    /// By app name as stored.
    /// </summary>
    private static List<(string App, string Model)> CurrentRouteModels(
        StoreSession session, string environment, string? except = null, IEnumerable<string>? alsoApps = null) =>
        session.Query(
            """
            SELECT a.name, r.model FROM apps a JOIN revisions r
              ON r.environment = a.environment AND r.app = a.name AND r.number = a.current_revision
            WHERE a.environment = $environment AND a.deleted_at IS NULL AND a.name <> $except
              AND (r.model LIKE '%"routes":%' OR a.name IN (SELECT value FROM json_each($also)))
            ORDER BY a.name
            """,
            r => (r.GetString(0), r.GetString(1)),
            ("$environment", environment), ("$except", except ?? ""), ("$also", StoreJson.List(alsoApps ?? [])));
}
