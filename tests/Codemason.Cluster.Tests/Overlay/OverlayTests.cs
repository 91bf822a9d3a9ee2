using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Codemason.Proto.V1;
using PortMapping = Codemason.Docker.Containers.PortMapping;

namespace Codemason.Cluster.Tests.Overlay;

/// <summary>
/// The agent's overlay plumbing (agent/Overlay) on two real engines in their own namespaces: one environment's
/// bridge network, VXLAN device and flood entries on each node make one L2 segment, containers on different
/// nodes reach each other at their fixed addresses, and another environment on the same nodes cannot reach them.
/// Each test uses an environment (subnet, VNI) of its own on the shared harness and removes it at the end: the kernel
/// allows one VXLAN device per VNI and source address in a namespace, and an engine one network per subnet.
/// </summary>
[Category("Integration")]
[Category("Cluster")]
[NonParallelizable]
public sealed class OverlayTests
{
    private const string Server = "while true; do echo \"from $(hostname)\" | nc -l -p 7000; done";
    private const string OverlayRuleChain = Agent.Overlay.OverlayRule.DockerUserChain;
    private EngineCluster? _harness;
    private OverlayNode? _n1;
    private OverlayNode? _n2;

    private OverlayNode N1 => _n1!;

    private OverlayNode N2 => _n2!;

    [OneTimeSetUp]
    public async Task StartHarness()
    {
        if (EngineCluster.MissingPrerequisite() is { } missing)
        {
            Assert.Ignore(missing);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _harness = await EngineCluster.StartAsync(new EngineClusterOptions { Nodes = 2 }, timeout.Token);
    }

    [OneTimeTearDown]
    public async Task RemoveHarness()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    [SetUp]
    public void CreateNodes()
    {
        var runId = "t" + Guid.NewGuid().ToString("N")[..7];
        _n1 = new OverlayNode(_harness!.Nodes[0], runId);
        _n2 = new OverlayNode(_harness.Nodes[1], runId);
    }

    [TearDown]
    public async Task RemoveContainers()
    {
        await N1.DisposeAsync();
        await N2.DisposeAsync();
    }

    /// <summary>Environment <paramref name="name"/> on subnet 10.<paramref name="octet"/>.0.0/16 as node <paramref name="node"/> (1 or 2) sees it.</summary>
    private EnvironmentNetwork Wire(string name, int octet, uint vni, int node, params OverlayNode[] peers)
    {
        var wire = new EnvironmentNetwork
        {
            Environment = name,
            Subnet = $"10.{octet}.0.0/16",
            Vni = vni,
            Gateway = $"10.{octet}.0.{node}",
            Mtu = 1450,
        };
        wire.Peers.AddRange(peers.Select(peer => peer.Node.Address.ToString()));
        return wire;
    }

    /// <summary>Converges environment <paramref name="name"/> on both nodes, each with the other as its peer.</summary>
    private async Task<(EnvironmentNetwork On1, EnvironmentNetwork On2)> ConvergeBothAsync(string name, int octet, uint vni, CancellationToken cancellationToken)
    {
        var on1 = Wire(name, octet, vni, 1, N2);
        var on2 = Wire(name, octet, vni, 2, N1);
        await N1.ConvergeAsync(on1, cancellationToken);
        await N2.ConvergeAsync(on2, cancellationToken);
        return (on1, on2);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_TwoNodesAsPeers_ContainersOnEachReachTheOtherByPingAndTcp(CancellationToken cancellationToken)
    {
        await ConvergeBothAsync("reach", 208, 4096, cancellationToken);
        var network = N1.Names.Network("reach");
        var on1 = await N1.RunAsync(network, "10.208.0.11", Server, cancellationToken);
        var on2 = await N2.RunAsync(network, "10.208.0.12", Server, cancellationToken);

        await PingsAsync(N2, on2, "10.208.0.11", cancellationToken);
        await PingsAsync(N1, on1, "10.208.0.12", cancellationToken);
        var from2 = await N2.ExecAsync(on2, "nc -w 2 10.208.0.11 7000 </dev/null", cancellationToken);
        var from1 = await N1.ExecAsync(on1, "nc -w 2 10.208.0.12 7000 </dev/null", cancellationToken);
        var mtu = await N2.ExecAsync(on2, "cat /sys/class/net/eth0/mtu", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(from2.Stdout, Does.StartWith("from " + on1[..12]), "node 2's container reads node 1's over TCP");
            Assert.That(from1.Stdout, Does.StartWith("from " + on2[..12]), "node 1's container reads node 2's over TCP");
            Assert.That(mtu.Stdout.Trim(), Is.EqualTo("1450"), "the container's interface has the overlay's MTU");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_Again_PlansAndDoesNothing(CancellationToken cancellationToken)
    {
        var (on1, on2) = await ConvergeBothAsync("again", 209, 4097, cancellationToken);

        var again1 = await N1.ConvergeAsync(on1, cancellationToken);
        var again2 = await N2.ConvergeAsync(on2, cancellationToken);
        var (observed, plan) = await N1.ObserveAsync(on1, cancellationToken);
        var bridge = N1.Names.Bridge(4097);

        Assert.Multiple(() =>
        {
            Assert.That(again1.Actions, Is.Empty, "node 1");
            Assert.That(again2.Actions, Is.Empty, "node 2");
            Assert.That(plan.IsEmpty, Is.True, $"plan from what node 1 holds: {string.Join(", ", plan.Actions)}");
            Assert.That(observed.Network?.BridgeName, Is.EqualTo(N1.Names.Bridge(4097)));
            Assert.That(observed.Vxlan, Is.EqualTo(new Agent.Overlay.ObservedVxlanDevice(4097, N1.Node.Address, 4789, N1.Names.Bridge(4097), 1450, true)));
            Assert.That(observed.FloodDestinations, Is.EquivalentTo(new[] { N2.Node.Address }));
            Assert.That(observed.Rules.Select(rule => rule.Comment), Is.EquivalentTo(new[]
            {
                $"{bridge} no-vxlan-out", $"{bridge} refuse-tcp {on1.Gateway}", $"{bridge} refuse-udp {on1.Gateway}", $"{bridge} replies {on1.Gateway}", $"{bridge} vxlan-drop",
                $"{bridge} vxlan-from {N2.Node.Address} to {N1.Node.Address}",
            }), "the rules, read back from iptables -S");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_PeerRemoved_ItsFloodEntryIsGone(CancellationToken cancellationToken)
    {
        var (on1, _) = await ConvergeBothAsync("peers", 210, 4098, cancellationToken);
        var before = (await N1.ObserveAsync(on1, cancellationToken)).Observed.FloodDestinations.ToList();

        var alone = Wire("peers", 210, 4098, 1);
        var outcome = await N1.ConvergeAsync(alone, cancellationToken);
        var fdb = await N1.Runner.RunCheckedAsync(["bridge", "fdb", "show", "dev", N1.Names.Vxlan(4098)], cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(before, Is.EqualTo(new[] { N2.Node.Address }), "before");
            Assert.That(outcome.Actions.Select(a => a.ToString()), Is.EqualTo(new[]
            {
                $"RemoveFlood {N2.Node.Address}", $"DeleteRule {N1.Names.Bridge(4098)} vxlan-from {N2.Node.Address} to {N1.Node.Address}",
            }), "the flood entry and the peer's VXLAN accept go");
            // Entries the device learned from node 2's frames stay until they age out; the flood entry must go.
            Assert.That(fdb, Does.Not.Contain($"00:00:00:00:00:00 dst {N2.Node.Address}"), "bridge fdb show");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_MalformedMessageAfterAGoodOne_ReportsEveryProblemAndKeepsTheLastGoodState(CancellationToken cancellationToken)
    {
        var good = Wire("keep", 205, 4103, 1, N2);
        await N1.ConvergeAsync(good, cancellationToken);
        var bad = good.Clone();
        bad.Gateway = "10.99.0.1";
        bad.Peers[0] = "node-2";

        var outcome = await N1.Converger.ConvergeAsync(bad, N1.Node.Address.ToString(), cancellationToken);
        var (_, plan) = await N1.ObserveAsync(good, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Applied, Is.False);
            Assert.That(outcome.Problems, Is.EqualTo(new[]
            {
                "gateway: 10.99.0.1 is outside the subnet 10.205.0.0/16",
                "peers[0]: 'node-2' is not an IPv4 address",
            }));
            Assert.That(N1.Converger.Applied("keep")?.Gateway.ToString(), Is.EqualTo("10.205.0.1"), "the last good state");
            Assert.That(plan.IsEmpty, Is.True, $"the node still matches the good message: {string.Join(", ", plan.Actions)}");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_GatewayChangedWithoutContainers_RecreatesTheNetworkAndEnslavesTheDeviceAgain(CancellationToken cancellationToken)
    {
        await N1.ConvergeAsync(Wire("move", 204, 4104, 1, N2), cancellationToken);
        var moved = Wire("move", 204, 4104, 3, N2);

        var outcome = await N1.ConvergeAsync(moved, cancellationToken);
        var (observed, plan) = await N1.ObserveAsync(moved, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Actions.Select(a => a.ToString()), Is.EqualTo(new[]
            {
                "RemoveNetwork", "CreateNetwork", "SetVxlanLink",
                // Read back in chain order: each rule was inserted at the top.
                $"DeleteRule {N1.Names.Bridge(4104)} replies 10.204.0.1", $"DeleteRule {N1.Names.Bridge(4104)} refuse-udp 10.204.0.1",
                $"DeleteRule {N1.Names.Bridge(4104)} refuse-tcp 10.204.0.1",
                $"InsertRule {N1.Names.Bridge(4104)} refuse-tcp 10.204.0.3", $"InsertRule {N1.Names.Bridge(4104)} refuse-udp 10.204.0.3",
                $"InsertRule {N1.Names.Bridge(4104)} replies 10.204.0.3",
            }), "the gateway's refusals move with it");
            Assert.That(observed.Network?.Gateway, Is.EqualTo("10.204.0.3"));
            Assert.That(observed.Vxlan?.Master, Is.EqualTo(N1.Names.Bridge(4104)), "the device is in the new bridge");
            Assert.That(plan.IsEmpty, Is.True, $"nothing left to do: {string.Join(", ", plan.Actions)}");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_VniChangedAfterARestart_RemovesTheOldDeviceAndRule(CancellationToken cancellationToken)
    {
        await N1.ConvergeAsync(Wire("renum", 203, 4105, 1, N2), cancellationToken);
        // A new agent process knows nothing of what it applied before: the network's label tells it the old VNI.
        await using var restarted = new OverlayNode(N1.Node, N1.Engine.RunId);

        await restarted.ConvergeAsync(Wire("renum", 203, 4106, 1, N2), cancellationToken);
        var links = await N1.Runner.RunCheckedAsync(["ip", "-o", "link", "show"], cancellationToken);
        var rules = await N1.Runner.RunCheckedAsync(["iptables", "-w", "-S"], cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(links, Does.Not.Contain(N1.Names.Vxlan(4105)), "old device");
            Assert.That(links, Does.Contain(N1.Names.Vxlan(4106)), "new device");
            Assert.That(rules, Does.Not.Contain(N1.Names.Bridge(4105) + " ").And.Contain(N1.Names.Bridge(4106) + " "), "rules");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_ContainerSendsToAPeersVxlanPort_TheRuleDropsIt(CancellationToken cancellationToken)
    {
        await ConvergeBothAsync("inject", 202, 4107, cancellationToken);
        var container = await N2.RunAsync(N2.Names.Network("inject"), "10.202.0.12", "exec sleep 3600", cancellationToken);
        var before = await DroppedAsync(N2, N2.Names.Bridge(4107), cancellationToken);

        // busybox tftp sends one UDP datagram to HOST PORT and waits for an answer that never comes.
        var sent = await N2.ExecAsync(container, $"timeout 3 tftp -g -r frame -l /tmp/frame {N1.Node.Address} 4789", cancellationToken);
        var after = await DroppedAsync(N2, N2.Names.Bridge(4107), cancellationToken);

        Assert.That(after, Is.GreaterThan(before), $"packets dropped by the rule on node 2 (tftp: {sent.ExitCode} {sent.Stderr.Trim()})");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_VxlanFromAnAddressThatIsNoPeer_DroppedWhileThePeersIsAccepted(CancellationToken cancellationToken)
    {
        await ConvergeBothAsync("strangers", 200, 4108, cancellationToken);
        var bridge = N1.Names.Bridge(4108);
        var on1 = await N1.RunAsync(N1.Names.Network("strangers"), "10.200.0.11", Server, cancellationToken);
        var on2 = await N2.RunAsync(N2.Names.Network("strangers"), "10.200.0.12", Server, cancellationToken);
        var (droppedBefore, acceptedBefore) = (await CountAsync(N1, $"{bridge} vxlan-drop", cancellationToken),
            await CountAsync(N1, $"{bridge} vxlan-from {N2.Node.Address} to {N1.Node.Address}", cancellationToken));

        // This test process runs on the harness's bridge (its gateway), which is not a node of the environment: a
        // VXLAN frame with the environment's id, sent from there to node 1, is one a stranger on the cluster network could send.
        using (var stranger = new UdpClient(new IPEndPoint(_harness!.Gateway, 0)))
        {
            byte[] frame = [0x08, 0, 0, 0, 0, 0x10, 0x0c, 0, .. new byte[14], .. "injected"u8];
            await stranger.SendAsync(frame, new IPEndPoint(N1.Node.Address, 4789), cancellationToken);
        }
        await PingsAsync(N2, on2, "10.200.0.11", cancellationToken);
        var dropped = await CountAsync(N1, $"{bridge} vxlan-drop", cancellationToken) - droppedBefore;
        var accepted = await CountAsync(N1, $"{bridge} vxlan-from {N2.Node.Address} to {N1.Node.Address}", cancellationToken) - acceptedBefore;

        Assert.Multiple(() =>
        {
            Assert.That(dropped, Is.EqualTo(1), "the stranger's frame, dropped on node 1");
            Assert.That(accepted, Is.Positive, "node 2's frames (the ping), accepted on node 1");
            Assert.That(on1, Is.Not.Empty);
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_ContainerConnectsToItsGateway_RefusedAtOnceButDnsPortPasses(CancellationToken cancellationToken)
    {
        await ConvergeBothAsync("gate", 201, 4109, cancellationToken);
        var container = await N1.RunAsync(N1.Names.Network("gate"), "10.201.0.11", "exec sleep 3600", cancellationToken);

        var tcp = await N1.ExecAsync(container, "nc -w 5 10.201.0.1 8080 </dev/null", cancellationToken);
        var rules = await N1.Runner.RunCheckedAsync(["iptables", "-w", "-S", "INPUT"], cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(tcp.ExitCode, Is.Not.Zero);
            Assert.That(tcp.Stderr, Does.Contain("Connection refused"), "a TCP reset, not a timeout");
            Assert.That(rules, Does.Contain("-d 10.201.0.1/32 -i " + N1.Names.Bridge(4109) + " -p tcp -m tcp ! --dport 53"), "DNS over TCP is not refused");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ConvergeAsync_AnotherEnvironmentOnTheSameNodes_CannotReachTheFirstOnesContainers(CancellationToken cancellationToken)
    {
        await ConvergeBothAsync("first", 211, 4099, cancellationToken);
        await ConvergeBothAsync("second", 212, 4100, cancellationToken);
        await N1.RunAsync(N1.Names.Network("first"), "10.211.0.11", Server, cancellationToken);
        var secondOn1 = await N1.RunAsync(N1.Names.Network("second"), "10.212.0.11", Server, cancellationToken);
        var secondOn2 = await N2.RunAsync(N2.Names.Network("second"), "10.212.0.12", Server, cancellationToken);

        // The second environment works across nodes, so what fails below fails by isolation.
        await PingsAsync(N2, secondOn2, "10.212.0.11", cancellationToken);
        var pingAcross = await N2.ExecAsync(secondOn2, "ping -c1 -W2 10.211.0.11", cancellationToken);
        var tcpAcross = await N2.ExecAsync(secondOn2, "nc -w 2 10.211.0.11 7000 </dev/null", cancellationToken);
        var pingSameNode = await N1.ExecAsync(secondOn1, "ping -c1 -W2 10.211.0.11", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(pingAcross.ExitCode, Is.Not.Zero, "ping from the second environment on node 2");
            Assert.That(tcpAcross.Stdout, Is.Empty, "TCP from the second environment on node 2");
            Assert.That(pingSameNode.ExitCode, Is.Not.Zero, "ping from the second environment on node 1 itself");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task RemoveAsync_ContainerAttachedThenGone_KeepsTheNetworkUntilItIsFreeThenLeavesNothing(CancellationToken cancellationToken)
    {
        var (on1, _) = await ConvergeBothAsync("gone", 207, 4101, cancellationToken);
        Assert.That(Agent.Overlay.OverlayNetworkMapper.TryMap(on1, N1.Node.Address.ToString(), out var network, out _), Is.True);
        var container = await N1.RunAsync(N1.Names.Network("gone"), "10.207.0.11", Server, cancellationToken);

        var blocked = await N1.Converger.RemoveAsync(network!, cancellationToken);
        var whileAttached = await N1.Observer.ObserveAsync("gone", 4101, cancellationToken);
        await N1.Engine.Client.Containers.RemoveAsync(container, force: true, cancellationToken: cancellationToken);
        var removed = await N1.Converger.RemoveAsync(network!, cancellationToken);
        var after = await N1.Observer.ObserveAsync("gone", 4101, cancellationToken);
        var links = await N1.Runner.RunCheckedAsync(["ip", "-o", "link", "show"], cancellationToken);
        var rules = await N1.Runner.RunCheckedAsync(["iptables", "-w", "-S"], cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(blocked.Problems, Has.One.Contains("1 container(s) attached"), "with a container attached");
            Assert.That(whileAttached.Network, Is.Not.Null, "the network stays while a container is attached");
            Assert.That(removed.Actions.Select(a => a.Kind), Is.EqualTo(new[] { Agent.Overlay.OverlayActionKind.RemoveNetwork }));
            Assert.That(after.Network, Is.Null, "Docker network");
            Assert.That(after.Vxlan, Is.Null, "VXLAN device");
            Assert.That(after.Rules, Is.Empty, "rules");
            Assert.That(links, Does.Not.Contain(N1.Names.Vxlan(4101)).And.Not.Contain(N1.Names.Bridge(4101)), "ip link");
            Assert.That(rules, Does.Not.Contain(N1.Names.Bridge(4101)), "iptables -S");
        });
    }

    /// <summary>
    /// Bulk TCP throughput from a container on node 2 to one on node 1: over the overlay against the same server's
    /// published port at node 1's address (from a container on node 2's default bridge). Printed, not asserted.
    /// busybox httpd sends a 256 MB file four times in a row, busybox wget reads it (its nc copies through a small buffer and measured
    /// ~90 MB/s even on loopback, so it would hide the difference).
    /// </summary>
    [Test]
    [CancelAfter(180_000)]
    public async Task Throughput_OverlayAgainstPublishedPort_IsPrinted(CancellationToken cancellationToken)
    {
        const long Bytes = 4 * 4000L * 65536;
        const int Port = 18090;
        await ConvergeBothAsync("bulk", 206, 4102, cancellationToken);
        var network = N1.Names.Network("bulk");
        var server = await N1.RunAsync(network, "10.206.0.11", "dd if=/dev/zero of=/tmp/big bs=64k count=4000 2>/dev/null && touch /tmp/ready && exec httpd -f -p 8080 -h /tmp",
            cancellationToken, [PortMapping.Publish(8080, Port)]);
        var overOverlay = await N2.RunAsync(network, "10.206.0.12", "exec sleep 3600", cancellationToken);
        var direct = await N2.RunAsync("bridge", null, "exec sleep 3600", cancellationToken);
        await Eventually.TrueAsync(async () => (await N1.ExecAsync(server, "test -f /tmp/ready", cancellationToken)).ExitCode == 0,
            TimeSpan.FromSeconds(60), "the server's file is written", cancellationToken, TimeSpan.FromMilliseconds(200));

        var overlay = await BestOfAsync(N2, overOverlay, "http://10.206.0.11:8080/big", cancellationToken);
        var published = await BestOfAsync(N2, direct, $"http://{N1.Node.Address}:{Port}/big", cancellationToken);

        var overlayRate = Bytes / overlay / 1e6;
        var publishedRate = Bytes / published / 1e6;
        await TestContext.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"throughput node 2 -> node 1, 4 x 256 MB, best of 3: overlay {overlayRate:0} MB/s ({overlay:0.00} s), published port {publishedRate:0} MB/s ({published:0.00} s), ratio {overlayRate / publishedRate:0.00}"));
        Assert.That(overlay, Is.Positive);
    }

    /// <summary>Packets the overlay's rule for <paramref name="bridge"/> has dropped on <paramref name="node"/>.</summary>
    private static async Task<long> DroppedAsync(OverlayNode node, string bridge, CancellationToken cancellationToken)
    {
        var listing = await node.Runner.RunCheckedAsync(["iptables", "-w", "-L", OverlayRuleChain, "-v", "-x", "-n"], cancellationToken);
        var line = listing.Split('\n').Single(l => l.Contains(bridge + " ", StringComparison.Ordinal) && l.Contains("dpt:4789", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    /// <summary>Packets the overlay's rule named <paramref name="comment"/> in <c>INPUT</c> has matched on <paramref name="node"/>.</summary>
    private static async Task<long> CountAsync(OverlayNode node, string comment, CancellationToken cancellationToken)
    {
        var listing = await node.Runner.RunCheckedAsync(["iptables", "-w", "-L", "INPUT", "-v", "-x", "-n"], cancellationToken);
        var line = listing.Split('\n').Single(l => l.Contains($"/* {comment} */", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
    }

    private static async Task<double> BestOfAsync(OverlayNode node, string container, string url, CancellationToken cancellationToken)
    {
        var best = double.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var result = await node.ExecAsync(container, $"time -p sh -c 'for i in 1 2 3 4; do wget -q -O /dev/null {url} || exit 1; done'", cancellationToken);
            Assert.That(result.ExitCode, Is.Zero, $"wget {url}: {result.Stderr}");
            var real = result.Stderr.Split('\n').Select(line => line.Trim()).First(line => line.StartsWith("real ", StringComparison.Ordinal));
            best = Math.Min(best, double.Parse(real[5..], CultureInfo.InvariantCulture));
        }
        return best;
    }

    private static async Task PingsAsync(OverlayNode from, string container, string address, CancellationToken cancellationToken)
    {
        string? last = null;
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var result = await from.ExecAsync(container, $"ping -c1 -W2 {address}", cancellationToken);
                last = result.Stdout + result.Stderr;
                return result.ExitCode == 0;
            }, TimeSpan.FromSeconds(10), $"{from.Node.Name} pings {address}", cancellationToken, TimeSpan.FromMilliseconds(200));
        }
        catch (TimeoutException ex)
        {
            Assert.Fail($"{ex.Message}: {last}");
        }
    }
}
