using Codemason.Bench.Peers;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Swarm mode across the harness's engines, for the swarm overlay figures: node 1 initialises the swarm on its harness
/// address, nodes 2 and 3 join it as workers over theirs, so the control traffic (2377, 7946) and the overlay's VXLAN
/// stay on the harness bridge. The caller runs <see cref="LeaveAsync"/> in a <c>finally</c>: <c>docker swarm leave
/// --force</c> on every node, whatever happened; swarm mode is never left on.
/// </summary>
internal sealed class HarnessSwarm
{
    /// <summary>
    /// UDP port of swarm's VXLAN: not 4789, which Codemason's overlay uses on the same node namespaces (its iptables
    /// rules match that port, and the kernel allows one VXLAN device per VNI and port in a namespace: both number
    /// their first VNI 4096). The port number changes nothing in what is measured.
    /// </summary>
    public const int DataPathPort = 4790;

    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ReadyLimit = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<HarnessNode> _nodes;

    private HarnessSwarm(IReadOnlyList<HarnessNode> nodes) => _nodes = nodes;

    /// <summary>The swarm node id of each harness node, in harness order (all share one hostname: the UTS namespace is the machine's).</summary>
    public IReadOnlyList<string> NodeIds { get; private set; } = [];

    /// <summary>The manager (node 1) where services and networks are created.</summary>
    public HarnessNode Manager => _nodes[0];

    /// <summary>Initialises the swarm on node 1 and joins the other nodes; on any failure, every node leaves again.</summary>
    public static async Task<HarnessSwarm> StartAsync(IReadOnlyList<HarnessNode> nodes, CancellationToken cancellationToken)
    {
        var swarm = new HarnessSwarm(nodes);
        try
        {
            var manager = nodes[0].Address.ToString();
            await DockerAsync(nodes[0], cancellationToken, "swarm", "init", "--advertise-addr", manager, "--listen-addr", $"{manager}:2377",
                "--data-path-port", DataPathPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var token = (await DockerAsync(nodes[0], cancellationToken, "swarm", "join-token", "-q", "worker")).Trim();
            foreach (var node in nodes.Skip(1))
            {
                var address = node.Address.ToString();
                await DockerAsync(node, cancellationToken, "swarm", "join", "--token", token,
                    "--advertise-addr", address, "--listen-addr", $"{address}:2377", $"{manager}:2377");
            }
            var ids = new List<string>();
            foreach (var node in nodes)
            {
                ids.Add((await DockerAsync(node, cancellationToken, "info", "--format", "{{.Swarm.NodeID}}")).Trim());
            }
            swarm.NodeIds = ids;
            await swarm.WaitReadyAsync(cancellationToken);
            return swarm;
        }
        catch
        {
            await swarm.LeaveAsync();
            throw;
        }
    }

    /// <summary>Runs <c>docker -H NODE ARGS</c>; a failure is an exception with its output. Returns the output.</summary>
    public static async Task<string> DockerAsync(HarnessNode node, CancellationToken cancellationToken, params string[] arguments) =>
        (await PeerCommand.CheckedAsync("docker", ["-H", node.DockerHost, .. arguments], CommandLimit, cancellationToken)).Output;

    /// <summary>
    /// Every node leaves (workers first), each up to 3 times until its engine says inactive. Returns null when all
    /// did, else which did not (the harness's <c>down</c> stops those engines anyway).
    /// </summary>
    public async Task<string?> LeaveAsync()
    {
        var left = new List<string>();
        foreach (var node in _nodes.Reverse<HarnessNode>())
        {
            for (var attempt = 0; ; attempt++)
            {
                await PeerCommand.RunAsync("docker", ["-H", node.DockerHost, "swarm", "leave", "--force"], CommandLimit, CancellationToken.None);
                var state = await PeerCommand.RunAsync("docker", ["-H", node.DockerHost, "info", "--format", "{{.Swarm.LocalNodeState}}"],
                    CommandLimit, CancellationToken.None);
                if (state.Succeeded && state.Output.Trim() == "inactive")
                {
                    break;
                }
                if (attempt == 2)
                {
                    left.Add($"{node.Name} ({PeerCommand.Tail(state.Output, 1)})");
                    break;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
        return left.Count == 0 ? null : $"swarm mode still on after `docker swarm leave --force`: {string.Join(", ", left)}";
    }

    /// <summary>Until the manager lists every node Ready.</summary>
    private async Task WaitReadyAsync(CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var listing = await DockerAsync(Manager, cancellationToken, "node", "ls", "--format", "{{.ID}} {{.Status}}");
            var ready = listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Count(line => line.EndsWith(" Ready", StringComparison.Ordinal));
            if (ready == _nodes.Count)
            {
                return;
            }
            if (watch.Elapsed > ReadyLimit)
            {
                throw new TimeoutException($"swarm nodes not all Ready within {ReadyLimit.TotalSeconds:0} s: {PeerCommand.Tail(listing)}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }
}
