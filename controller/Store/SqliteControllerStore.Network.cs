using System.Globalization;
using Codemason.Controller.Errors;
using Codemason.Controller.Networking;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// Addresses on the environments' overlay networks (docs/networking.md): a subnet and VXLAN id per environment,
/// a gateway per node, an address per replica. Rows hold them, so removing a node or a replica frees its address.
/// </summary>
public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public Task<NetworkSnapshot> GetNetworkSnapshotAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            RequireEnvironment(session, environment);
            var (subnet, vni) = session.QuerySingle(
                "SELECT subnet, vni FROM environments WHERE name = $name",
                r => Tuple.Create(r.GetString(0), r.GetInt32(1)),
                ("$name", environment))!;
            var nodes = session.Query(
                "SELECT id, advertise_address, gateway FROM nodes WHERE environment = $environment ORDER BY id",
                r => new NetworkNode(NodeId.Parse(r.GetString(0)), r.GetString(1), r.IsDBNull(2) ? null : (uint)r.GetInt64(2)),
                ("$environment", environment));
            var services = session.Query(
                """
                SELECT s.app, s.name, s.spec FROM services s JOIN apps a
                  ON a.environment = s.environment AND a.name = s.app AND a.current_revision = s.app_revision
                WHERE a.environment = $environment AND a.deleted_at IS NULL ORDER BY s.app, s.name
                """,
                r => ToNetworkService(r.GetString(0), r.GetString(1), ContainerSpec.Parser.ParseFrom((byte[])r[2])),
                ("$environment", environment));
            var members = session.Query(
                """
                SELECT app, service, address, surge_address, state = $running OR serving <> 0, COALESCE(serving_address, address), node_id
                FROM replicas WHERE environment = $environment AND address IS NOT NULL
                """,
                ReadMembers,
                ("$environment", environment), ("$running", (int)ReplicaState.Running)).SelectMany(m => m).ToList();
            return new NetworkSnapshot(environment, subnet.Length == 0 ? null : Ipv4Subnet.Parse(subnet), vni, nodes, services, members);
        }, cancellationToken);

    /// <summary>
    /// A replica row's addresses as members: its address and its second one (a start-first replacement's), each
    /// resolved by name only while the container serving the replica holds it.
    /// </summary>
    private static List<NetworkMember> ReadMembers(Microsoft.Data.Sqlite.SqliteDataReader r)
    {
        var (app, service, serves, serving) = (r.GetString(0), r.GetString(1), r.GetBoolean(4), (uint)r.GetInt64(5));
        var node = r.IsDBNull(6) || r.GetString(6).Length == 0 ? null : (NodeId?)NodeId.Parse(r.GetString(6));
        var address = (uint)r.GetInt64(2);
        var members = new List<NetworkMember> { new(app, service, address, serves && serving == address, node) };
        if (!r.IsDBNull(3))
        {
            var surge = (uint)r.GetInt64(3);
            members.Add(new NetworkMember(app, service, surge, serves && serving == surge, node));
        }
        return members;
    }

    private static NetworkService ToNetworkService(string app, string name, ContainerSpec spec) => new(
        app,
        name,
        [.. spec.Aliases],
        [.. spec.Links.Select(l => new NetworkLink(l.Alias.Length > 0 ? l.Alias : l.Service, l.App.Length > 0 ? l.App : app, l.Service))]);

    /// <summary>The first VXLAN id given to an environment; later ones count up.</summary>
    private const int FirstVni = 4096;

    /// <summary>The environment's subnet, given from the pool when it has none yet; null when the pool is full.</summary>
    private Ipv4Subnet? EnsureEnvironmentSubnet(StoreWriteContext context, string environment)
    {
        var stored = context.Scalar("SELECT subnet FROM environments WHERE name = $name", ("$name", environment)) as string;
        if (!string.IsNullOrEmpty(stored))
        {
            return Ipv4Subnet.Parse(stored);
        }
        var pool = Ipv4Subnet.Parse(_network.Pool);
        var taken = context.Query("SELECT subnet FROM environments WHERE subnet <> ''", r => Ipv4Subnet.Parse(r.GetString(0)));
        if (AddressAllocator.NextSubnet(pool, _network.EnvironmentPrefixLength, taken) is not { } subnet)
        {
            return null;
        }
        var vni = Math.Max(FirstVni, context.ScalarLong("SELECT COALESCE(MAX(vni), 0) + 1 FROM environments"));
        context.Execute(
            "UPDATE environments SET subnet = $subnet, vni = $vni, revision = $revision WHERE name = $name",
            ("$subnet", subnet.ToString()), ("$vni", vni), ("$revision", context.Revision), ("$name", environment));
        return subnet;
    }

    /// <summary>Gives a node of <paramref name="environment"/> its gateway address when it has none (and the network has room).</summary>
    private void EnsureNodeGateway(StoreWriteContext context, string environment, NodeId node)
    {
        if (context.Scalar("SELECT gateway FROM nodes WHERE id = $id", ("$id", node.Value)) is not (null or DBNull))
        {
            return;
        }
        if (EnsureEnvironmentSubnet(context, environment) is { } subnet && Addresses(context, environment, subnet).Take() is { } gateway)
        {
            context.Execute("UPDATE nodes SET gateway = $gateway WHERE id = $id", ("$gateway", (long)gateway), ("$id", node.Value));
        }
    }

    /// <summary>The addresses of the environment's network, those taken by gateways and replicas marked.</summary>
    private static AddressBook Addresses(StoreWriteContext context, string environment, Ipv4Subnet subnet) => new(
        subnet,
        context.Query(
            """
            SELECT gateway FROM nodes WHERE environment = $environment AND gateway IS NOT NULL
            UNION ALL SELECT address FROM replicas WHERE environment = $environment AND address IS NOT NULL
            UNION ALL SELECT surge_address FROM replicas WHERE environment = $environment AND surge_address IS NOT NULL
            """,
            r => (uint)r.GetInt64(0),
            ("$environment", environment)));

    /// <summary>
    /// Hands out the addresses of replicas placed for the first time (they keep theirs when they move). Loads the
    /// environment's taken addresses once per transaction, on the first replica that needs one.
    /// </summary>
    private sealed class ReplicaAddresses(SqliteControllerStore store, StoreWriteContext context)
    {
        private readonly Dictionary<string, AddressBook?> _books = new(StringComparer.Ordinal);

        /// <summary>A free address for a replica of <paramref name="environment"/> (now taken), or why there is none.</summary>
        public (uint? Address, string? Problem) Take(string environment)
        {
            if (!_books.TryGetValue(environment, out var book))
            {
                book = store.EnsureEnvironmentSubnet(context, environment) is { } subnet ? Addresses(context, environment, subnet) : null;
                _books.Add(environment, book);
            }
            if (book is null)
            {
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"no environment network: the pool {store._network.Pool} has no free /{store._network.EnvironmentPrefixLength} (Network:Pool)"));
            }
            return book.Take() is { } address ? (address, null) : (null, $"no free address in the environment's network {book.Subnet}");
        }
    }

    private static FailedPreconditionException PoolFull(NetworkOptions network) => new(string.Create(CultureInfo.InvariantCulture,
        $"the network pool {network.Pool} has no free /{network.EnvironmentPrefixLength} for another environment; set Network:Pool to a larger range"));
}
