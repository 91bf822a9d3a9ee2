using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Codemason.Testing.Processes;

namespace Codemason.Testing.Cluster;

/// <summary>
/// A multi-node harness on this one machine, started and removed by <c>scripts/cluster.sh</c> (the same script
/// <c>make cluster</c> runs): N Docker engines, each in its own network namespace with its own data root, exec
/// root, socket and <c>--bip</c>, joined by veth pairs to a bridge in this machine's namespace. The bridge's
/// address (<see cref="Gateway"/>) is the host side: a controller listening there is reachable from every node,
/// and every node's published ports answer at <see cref="ClusterNode.Address"/>. As an
/// <see cref="IClusterNetwork"/>, agent <c>a</c> runs in node 1 on its engine, <c>b</c> in node 2, and so on,
/// and the controller runs in this machine's namespace. Dispose runs <c>down</c>, which removes everything
/// (processes by pid, mounts, namespaces, links, the bridge) and fails loudly when something is left behind.
/// </summary>
public sealed partial class EngineCluster : IClusterNetwork, IAsyncDisposable
{
    private static readonly TimeSpan DownTimeout = TimeSpan.FromMinutes(2);
    private readonly string _stateDirectory;
    private bool _disposed;

    private EngineCluster(string name, string stateDirectory, IPAddress gateway, IReadOnlyList<ClusterNode> nodes, TimeSpan startTime)
    {
        Name = name;
        _stateDirectory = stateDirectory;
        Gateway = gateway;
        Nodes = nodes;
        StartTime = startTime;
        ControllerAddress = new Uri($"http://{gateway}:{FreePort(gateway)}");
    }

    /// <summary>The cluster's name, the prefix of its namespaces and links.</summary>
    public string Name { get; }

    /// <summary>The bridge's address in this machine's namespace (<c>10.213.I.1</c>); each node's default route.</summary>
    public IPAddress Gateway { get; }

    public IReadOnlyList<ClusterNode> Nodes { get; }

    /// <summary>How long <c>up</c> took.</summary>
    public TimeSpan StartTime { get; }

    /// <summary>A free port on <see cref="Gateway"/>: the controller listens in this machine's namespace, reachable from every node.</summary>
    public Uri ControllerAddress { get; }

    /// <summary>Null: the controller runs in this machine's namespace, where the bridge is.</summary>
    public string? ControllerNamespace => null;

    /// <summary>Agent <c>a</c> runs in node 1's namespace, <c>b</c> in node 2's, …</summary>
    public string AgentNamespaceOf(string agentName) => NodeOf(agentName).Namespace;

    /// <summary>Agent <c>a</c> talks to node 1's engine, <c>b</c> to node 2's, …</summary>
    public string? DockerHostOf(string agentName) => NodeOf(agentName).DockerHost;

    /// <summary>Null: the test process reaches <see cref="ControllerAddress"/> from this machine's namespace directly.</summary>
    public HttpMessageHandler? CreateHandler() => null;

    /// <summary>
    /// The node agent <paramref name="agentName"/> (a, b, c, … as <see cref="ProcessCluster"/> names them) runs on:
    /// its first letter picks the node, and digits after it name another agent on that node (<c>a2</c>: a second
    /// agent on node 1's engine, e.g. of another environment).
    /// </summary>
    public ClusterNode NodeOf(string agentName)
    {
        ArgumentException.ThrowIfNullOrEmpty(agentName);
        var index = agentName[0] - 'a';
        if (index < 0 || index >= Nodes.Count || !agentName.Skip(1).All(char.IsAsciiDigit))
        {
            throw new ArgumentOutOfRangeException(nameof(agentName), agentName, $"agents a..{(char)('a' + Nodes.Count - 1)} (and a2, b2, …) run on the cluster's {Nodes.Count} nodes");
        }
        return Nodes[index];
    }

    /// <summary>Why this machine cannot run the harness (not root, a tool missing, no way to get the test image), or null.</summary>
    public static string? MissingPrerequisite()
    {
        if (!OperatingSystem.IsLinux())
        {
            return "the multi-node harness needs Linux (network namespaces)";
        }
        if (!System.Environment.IsPrivilegedProcess)
        {
            return "the multi-node harness needs root (network namespaces, a bridge and dockerd)";
        }
        string[] tools = ["dockerd", "docker", "nsenter", "ip", "iptables", "curl", "findmnt", "flock"];
        var path = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries);
        var missing = tools.Where(tool => !path.Any(directory => File.Exists(Path.Combine(directory, tool)))).ToList();
        if (missing.Count > 0)
        {
            return $"the multi-node harness needs {string.Join(", ", missing)} (apt-get install docker.io iproute2 iptables curl util-linux)";
        }
        // The script copies the test image from this machine's engine, or builds it in each node from busybox-static.
        return File.Exists("/var/run/docker.sock") || File.Exists("/bin/busybox")
            ? null
            : $"the multi-node harness needs {TestEngine.Image}: this machine's engine holding it (make engine) or busybox-static to build it";
    }

    /// <summary>How often <c>up</c> is tried when the subnet it picked was taken meanwhile by a cluster started at the same time.</summary>
    private const int SubnetAttempts = 3;

    /// <summary>What <c>scripts/cluster.sh up</c> says when another cluster took the subnet it picked.</summary>
    private const string SubnetTaken = "is in use on this machine";

    /// <summary>Runs <c>scripts/cluster.sh up</c>; on any failure (or cancellation) runs <c>down</c> before throwing.</summary>
    public static async Task<EngineCluster> StartAsync(EngineClusterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var stateDirectory = options.StateDirectory ?? Path.Combine(ProcessLauncher.RepositoryRoot, ".codemason", "cluster-tests");
        var started = Stopwatch.StartNew();
        try
        {
            var (code, output, error) = (0, "", "");
            for (var attempt = 1; attempt <= SubnetAttempts; attempt++)
            {
                (code, output, error) = await ClusterScript.RunAsync(options.Name, stateDirectory, "up",
                    [options.Nodes.ToString(CultureInfo.InvariantCulture)], cancellationToken, options.DataRootSize);
                // Two clusters started at once can pick the same free subnet; the one that loses removed what it made,
                // and the next pick sees the winner's.
                if (code == 0 || !error.Contains(SubnetTaken, StringComparison.Ordinal))
                {
                    break;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(200, 1000)), cancellationToken);
            }
            if (code != 0)
            {
                throw new InvalidOperationException($"scripts/cluster.sh up {options.Nodes} failed ({code}):\n{error}\n{output}");
            }
            var elapsed = started.Elapsed;
            var (envCode, env, envError) = await ClusterScript.RunAsync(options.Name, stateDirectory, "env", [], cancellationToken);
            if (envCode != 0)
            {
                throw new InvalidOperationException($"scripts/cluster.sh env failed ({envCode}): {envError}");
            }
            return Parse(options.Name, stateDirectory, env, elapsed);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or FormatException or KeyNotFoundException)
        {
            await ClusterScript.RunAsync(options.Name, stateDirectory, "down", [], CancellationToken.None);
            throw;
        }
    }

    /// <summary>The state file's <c>KEY=VALUE</c> lines (<c>scripts/cluster.sh env</c>) as a cluster.</summary>
    private static EngineCluster Parse(string name, string stateDirectory, string env, TimeSpan elapsed)
    {
        var values = env.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (values.GetValueOrDefault("CLUSTER_READY") != "1")
        {
            throw new InvalidOperationException($"cluster {name} is not ready:\n{env}");
        }
        var count = int.Parse(values["CLUSTER_NODES"], CultureInfo.InvariantCulture);
        var nodes = Enumerable.Range(1, count)
            .Select(k => new ClusterNode(
                values[$"NODE_{k}_NAME"],
                values[$"NODE_{k}_NAMESPACE"],
                IPAddress.Parse(values[$"NODE_{k}_ADDRESS"]),
                values[$"NODE_{k}_DOCKER_HOST"],
                values[$"NODE_{k}_LOG"]))
            .ToList();
        return new EngineCluster(name, stateDirectory, IPAddress.Parse(values["CLUSTER_GATEWAY"]), nodes, elapsed);
    }

    private static int FreePort(IPAddress address)
    {
        var listener = new TcpListener(address, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    /// <summary>
    /// Deletes the VXLAN devices agents made in the nodes' namespaces. An agent leaves its overlay in place when it
    /// stops (its containers keep their network), and the kernel allows one device per VXLAN id and source address:
    /// the next cluster's agents on these nodes, with other resource prefixes, could not make theirs.
    /// </summary>
    public async Task RemoveOverlayDevicesAsync(CancellationToken cancellationToken)
    {
        foreach (var node in Nodes)
        {
            var listing = await RunIpAsync(["-n", node.Namespace, "-o", "link", "show", "type", "vxlan"], cancellationToken);
            foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // "7: cmvx4096: <BROADCAST,...": the name is the second field, without its colon.
                var name = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].TrimEnd(':').Split('@')[0];
                await RunIpAsync(["-n", node.Namespace, "link", "del", name], cancellationToken);
            }
        }
    }

    private static async Task<string> RunIpAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new System.Diagnostics.ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("cannot start ip");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return output;
    }

    /// <summary>Runs <c>scripts/cluster.sh down</c>; throws with its output when something was left behind.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        using var timeout = new CancellationTokenSource(DownTimeout);
        var (code, output, error) = await ClusterScript.RunAsync(Name, _stateDirectory, "down", [], timeout.Token);
        if (code != 0)
        {
            throw new InvalidOperationException($"scripts/cluster.sh --name {Name} down failed ({code}):\n{error}\n{output}");
        }
    }
}
