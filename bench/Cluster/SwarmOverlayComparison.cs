using System.Diagnostics;
using System.Globalization;
using System.Net;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Cluster;

/// <summary>
/// The peer of the link figures: Docker Swarm's overlay on the same three engines, after Codemason's controller and
/// agents are gone (<see cref="HarnessSwarm"/>). An attachable overlay network, a service <c>db</c> (one task, <c>sleep</c>)
/// constrained to node 2, a plain container <c>web</c> on node 1 attached to the network; the same
/// <see cref="BulkServer"/> in db's container namespace and the same probes in web's as <see cref="LinkComparison"/>,
/// to db's task address (the link's counterpart: one replica's own address) and to the service's virtual IP (IPVS in
/// web's namespace; a figure of its own, reported when it answers), with db's host-mode published port at node 2's
/// address taking turns with them as the same-time baseline.
/// </summary>
internal sealed class SwarmOverlayComparison(BenchContext context, EngineHarness harness, Figures figures, List<string> notes)
{
    public const string TaskAddress = "swarm overlay: db's task address, from web's container";
    public const string VirtualIp = "swarm overlay: db's service VIP (IPVS), from web's container";
    public const string Published = "swarm part: db's host-mode published port at node 2's address, from web's container";
    private const string Network = "cmbenchswarm";
    private const string WebName = "cmbenchswarm-web";
    private const int ContainerPort = 7000;
    private const int PublishedPort = 17000;
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(2);

    /// <summary>Codemason's link against Swarm's overlay, same client namespace kind, same server, no goal.</summary>
    public static IEnumerable<Comparison> Comparisons() =>
    [
        new($"TCP connect p50: {LinkComparison.Link}", $"TCP connect p50: {TaskAddress}", "—"),
        new($"TCP connect p99: {LinkComparison.Link}", $"TCP connect p99: {TaskAddress}", "—"),
        new($"bulk throughput: {LinkComparison.Link}", $"bulk throughput: {TaskAddress}", "—"),
        // Swarm's overlay against a published port measured in turns with it: the same normalisation as the link's
        // ratios, so the two can be compared although the parts ran minutes apart on a shared machine.
        new($"TCP connect p50: {TaskAddress}", $"TCP connect p50: {Published}", "—"),
        new($"bulk throughput: {TaskAddress}", $"bulk throughput: {Published}", "—"),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var label in new[] { TaskAddress, VirtualIp, Published })
        {
            // The figures exist even when swarm is skipped: n = 0 says so in the report.
            figures.Series($"TCP connect p50: {label}", "ms");
            figures.Series($"TCP connect p99: {label}", "ms");
            figures.Series($"bulk throughput: {label}", "MB/s", higherIsBetter: true);
        }
        HarnessSwarm swarm;
        var watch = Stopwatch.StartNew();
        try
        {
            swarm = await HarnessSwarm.StartAsync(harness.Nodes, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            notes.Add($"swarm overlay: skipped, swarm mode did not come up on the harness ({e.Message}).");
            return;
        }
        // Swarm's executor asks a registry for a service's image even with --no-resolve-image; under a tag naming a
        // loopback port where nothing listens, that question never leaves node 2 (as in `peers`).
        var image = $"127.0.0.1:9/{context.TestImage}";
        var manager = swarm.Manager;
        try
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"swarm overlay: swarm init on {manager.Address}:2377, nodes 2 and 3 joined as workers ({watch.Elapsed.TotalSeconds:0.0} s), VXLAN on UDP {HarnessSwarm.DataPathPort}; Codemason's controller and agents stopped before."));
            await HarnessSwarm.DockerAsync(harness.Nodes[1], cancellationToken, "tag", context.TestImage, image);
            await HarnessSwarm.DockerAsync(manager, cancellationToken, "network", "create", "-d", "overlay", "--attachable", Network);
            await HarnessSwarm.DockerAsync(manager, cancellationToken, "service", "create", "--detach", "--name", "db",
                "--network", Network, "--constraint", $"node.id=={swarm.NodeIds[1]}", "--no-resolve-image",
                "--publish", $"mode=host,published={PublishedPort},target={ContainerPort}",
                "--stop-grace-period", "0s", image, "sleep", "3600");
            var db = await WaitTaskAsync(harness.Nodes[1], cancellationToken);
            var web = (await HarnessSwarm.DockerAsync(manager, cancellationToken, "run", "-d", "--name", WebName,
                "--network", Network, context.TestImage, "sleep", "3600")).Trim();
            var dbAddress = IPAddress.Parse((await HarnessSwarm.DockerAsync(harness.Nodes[1], cancellationToken, "inspect", "--format",
                $"{{{{(index .NetworkSettings.Networks \"{Network}\").IPAddress}}}}", db)).Trim());
            var vip = (await HarnessSwarm.DockerAsync(manager, cancellationToken, "service", "inspect", "--format",
                "{{range .Endpoint.VirtualIPs}}{{.Addr}} {{end}}", "db")).Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(a => IPAddress.Parse(a.Split('/')[0])).FirstOrDefault();
            var dbPid = await PidAsync(harness.Nodes[1], db, cancellationToken);
            var webPid = await PidAsync(manager, web, cancellationToken);
            notes.Add($"swarm overlay: db task {dbAddress} on node 2 (service VIP {vip?.ToString() ?? "none"}, host-mode published {PublishedPort}:{ContainerPort} at {harness.Nodes[1].Address}), web {WebName} on node 1 (`docker run --network {Network}`); the same server and probes as the link, in the containers' namespaces.");
            await using var server = await BulkServer.StartAsync($"/proc/{dbPid}/ns/net", ContainerPort);
            var webNamespace = $"/proc/{webPid}/ns/net";
            List<LinkPath> paths =
            [
                new(TaskAddress, webNamespace, new IPEndPoint(dbAddress, ContainerPort), Overlay: true),
                new(Published, webNamespace, new IPEndPoint(harness.Nodes[1].Address, PublishedPort), Overlay: false),
            ];
            if (vip is not null && !File.Exists("/proc/net/ip_vs"))
            {
                notes.Add($"swarm overlay: the service VIP {vip} is left out: this kernel has no IPVS (no /proc/net/ip_vs after the service was made), which swarm's VIP needs in web's namespace.");
            }
            else if (vip is not null)
            {
                var vipPath = new LinkPath(VirtualIp, webNamespace, new IPEndPoint(vip, ContainerPort), Overlay: true);
                try
                {
                    await LinkComparison.WaitReachableAsync(vipPath, cancellationToken);
                    paths.Add(vipPath);
                }
                catch (TimeoutException e)
                {
                    notes.Add($"swarm overlay: the service VIP is left out: {e.Message}.");
                }
            }
            foreach (var path in paths)
            {
                await LinkComparison.WaitReachableAsync(path, cancellationToken);
                await LinkProbe.ConnectAsync(path.ClientNamespace, path.Target, 50);
                await LinkProbe.ReadAsync(path.ClientNamespace, path.Target, 16_000_000);
            }
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                await MeasureAsync([.. paths], rep, cancellationToken);
            }
        }
        finally
        {
            // Best effort: leaving the swarm ends db's task anyway, and the harness's `down` removes the rest.
            await CleanAsync(manager, "service", "rm", "db");
            await CleanAsync(manager, "rm", "-f", WebName);
            if (await swarm.LeaveAsync() is { } left)
            {
                notes.Add($"{(context.Quick ? "failed:" : "FAILED")} {left}");
            }
            else
            {
                notes.Add("swarm overlay: every node left the swarm (`docker swarm leave --force`).");
            }
            await CleanAsync(harness.Nodes[1], "rmi", image);
        }
    }

    private static Task<CommandResult> CleanAsync(HarnessNode node, params string[] arguments) =>
        PeerCommand.RunAsync("docker", ["-H", node.DockerHost, .. arguments], TimeSpan.FromSeconds(60), CancellationToken.None);

    private async Task MeasureAsync(LinkPath[] paths, int rep, CancellationToken cancellationToken)
    {
        var latencies = paths.ToDictionary(p => p, _ => new List<double>());
        for (var round = 0; round < LinkComparison.RoundsOf(context); round++)
        {
            foreach (var path in LinkComparison.Rotate(paths, round + rep))
            {
                latencies[path].AddRange(await LinkProbe.ConnectAsync(path.ClientNamespace, path.Target, LinkComparison.ConnectsPerRoundOf(context)));
            }
        }
        foreach (var path in paths)
        {
            figures.Add($"TCP connect p50: {path.Label}", "ms", LinkProbe.Percentile(latencies[path], 50));
            figures.Add($"TCP connect p99: {path.Label}", "ms", LinkProbe.Percentile(latencies[path], 99));
        }
        var bytes = LinkComparison.TransferBytesOf(context);
        var rates = paths.ToDictionary(p => p, _ => new List<double>());
        for (var transfer = 0; transfer < LinkComparison.TransfersOf(context); transfer++)
        {
            foreach (var path in LinkComparison.Rotate(paths, transfer + rep))
            {
                var before = await InterfaceCounter.ReceivedBytesAsync(harness.Nodes[0].Namespace, "eth0", cancellationToken);
                rates[path].Add(await LinkProbe.ReadAsync(path.ClientNamespace, path.Target, bytes));
                var crossed = await InterfaceCounter.ReceivedBytesAsync(harness.Nodes[0].Namespace, "eth0", cancellationToken) - before;
                // db runs on node 2: its bytes reach web through node 1's link to the harness bridge, on every path.
                if (crossed < bytes)
                {
                    throw new InvalidOperationException(
                        $"{path.Label}: node 1's eth0 received {crossed} bytes during a {bytes}-byte transfer: the path is not what it claims");
                }
            }
        }
        foreach (var path in paths)
        {
            figures.Add($"bulk throughput: {path.Label}", "MB/s", LinkComparison.Median(rates[path]), higherIsBetter: true);
        }
    }

    /// <summary>The container of db's running task on node 2.</summary>
    private static async Task<string> WaitTaskAsync(HarnessNode node, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var ids = (await HarnessSwarm.DockerAsync(node, cancellationToken, "ps", "-q", "--filter", "label=com.docker.swarm.service.name=db"))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (ids.Length == 1)
            {
                return ids[0];
            }
            if (watch.Elapsed > Converge)
            {
                throw new TimeoutException($"db's task not running on node 2 within {Converge.TotalSeconds:0} s ({ids.Length} running)");
            }
            await Task.Delay(NodeEngines.Poll, cancellationToken);
        }
    }

    private static async Task<int> PidAsync(HarnessNode node, string container, CancellationToken cancellationToken)
    {
        var pid = int.Parse((await HarnessSwarm.DockerAsync(node, cancellationToken, "inspect", "--format", "{{.State.Pid}}", container)).Trim(),
            CultureInfo.InvariantCulture);
        return pid > 0 ? pid : throw new InvalidOperationException($"{container} on {node.Name} has no process");
    }
}
