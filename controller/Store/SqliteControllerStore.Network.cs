using System.Globalization;
using Codemason.Controller.Errors;
using Codemason.Controller.Networking;

namespace Codemason.Controller.Store;

/// <summary>
/// Addresses on the environments' overlay networks (docs/networking.md): a subnet and VXLAN id per environment,
/// a gateway per node, an address per replica. Rows hold them, so removing a node or a replica frees its address.
/// </summary>
public sealed partial class SqliteControllerStore
{
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
            """,
            r => (uint)r.GetInt64(0),
            ("$environment", environment)));

    /// <summary>
    /// Gives replicas placed on a node their address, once: they keep it when they move. Loads the environment's
    /// taken addresses once per transaction, on the first replica that needs one.
    /// </summary>
    private sealed class ReplicaAddresses(SqliteControllerStore store, StoreWriteContext context)
    {
        private readonly Dictionary<string, AddressBook?> _books = new(StringComparer.Ordinal);

        /// <summary>Gives <paramref name="replica"/> an address; returns why it cannot have one, or null.</summary>
        public string? Ensure(string environment, string replica)
        {
            if (!_books.TryGetValue(environment, out var book))
            {
                book = store.EnsureEnvironmentSubnet(context, environment) is { } subnet ? Addresses(context, environment, subnet) : null;
                _books.Add(environment, book);
            }
            if (book is null)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"no environment network: the pool {store._network.Pool} has no free /{store._network.EnvironmentPrefixLength} (Network:Pool)");
            }
            if (book.Take() is not { } address)
            {
                return $"no free address in the environment's network {book.Subnet}";
            }
            context.Execute("UPDATE replicas SET address = $address WHERE id = $id", ("$address", (long)address), ("$id", replica));
            return null;
        }
    }

    private static FailedPreconditionException PoolFull(NetworkOptions network) => new(string.Create(CultureInfo.InvariantCulture,
        $"the network pool {network.Pool} has no free /{network.EnvironmentPrefixLength} for another environment; set Network:Pool to a larger range"));
}
