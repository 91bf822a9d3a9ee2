using System.Diagnostics;
using Codemason.Docker;
using Codemason.Docker.Containers;

namespace Codemason.Bench.Cluster;

/// <summary>The harness nodes' engines, one client each, read together: "done" is what the engines show.</summary>
internal sealed class NodeEngines : IDisposable
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly DockerClient[] _clients;

    public NodeEngines(IEnumerable<HarnessNode> nodes) =>
        _clients = [.. nodes.Select(node => new DockerClient(new DockerClientOptions { Host = node.DockerHost }))];

    /// <summary>Node k's engine (0-based).</summary>
    public IDockerClient this[int index] => _clients[index];

    /// <summary>Running containers matching <paramref name="filters"/> per node.</summary>
    public async Task<int[]> RunningAsync(DockerFilters filters, CancellationToken cancellationToken) =>
        await Task.WhenAll(_clients.Select(async client =>
            (await client.Containers.ListAsync(new ContainerListOptions { Filters = filters }, cancellationToken)).Count));

    /// <summary>Containers in any state matching <paramref name="filters"/>, all nodes together.</summary>
    public async Task<int> AnyAsync(DockerFilters filters, CancellationToken cancellationToken) =>
        (await Task.WhenAll(_clients.Select(async client =>
            (await client.Containers.ListAsync(new ContainerListOptions { All = true, Filters = filters }, cancellationToken)).Count))).Sum();

    /// <summary>Polls until exactly <paramref name="count"/> containers run on all nodes together; returns them per node.</summary>
    public async Task<int[]> WaitRunningAsync(DockerFilters filters, int count, TimeSpan limit, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var running = await RunningAsync(filters, cancellationToken);
            if (running.Sum() == count)
            {
                return running;
            }
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{count} running not reached within {limit.TotalSeconds:0} s (per node: {string.Join('/', running)})");
            }
            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Polls until no container matching <paramref name="filters"/> exists on any node.</summary>
    public async Task WaitGoneAsync(DockerFilters filters, TimeSpan limit, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (await AnyAsync(filters, cancellationToken) is var left and > 0)
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"{left} containers still there after {limit.TotalSeconds:0} s");
            }
            await Task.Delay(Poll, cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }
}
