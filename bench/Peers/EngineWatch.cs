using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Events;

namespace Codemason.Bench.Peers;

/// <summary>
/// Decides when a tool is done by asking the engine, the same way for every tool: containers through the
/// typed client, swarm tasks through plain HTTP on the engine socket (the client has no swarm calls).
/// Polls every 100 ms, or 10 ms for self-healing.
/// </summary>
internal sealed class EngineWatch(IDockerClient client) : IDisposable
{
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan FastPoll = TimeSpan.FromMilliseconds(10);

    /// <summary>Engine actions that change a container; a no-op re-apply must cause none.</summary>
    private static readonly HashSet<string> Mutating = new(StringComparer.Ordinal)
    {
        "create", "start", "stop", "kill", "die", "destroy", "restart", "update", "rename", "connect", "disconnect",
    };

    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint("/var/run/docker.sock"), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException)
            {
                socket.Dispose();
                throw;
            }
        },
    })
    { BaseAddress = new Uri("http://localhost/v1.41/") };

    public IDockerClient Client => client;

    /// <summary>Running containers matching <paramref name="filters"/>.</summary>
    public Task<IReadOnlyList<ContainerSummary>> RunningAsync(DockerFilters filters, CancellationToken cancellationToken) =>
        client.Containers.ListAsync(new ContainerListOptions { All = false, Filters = filters }, cancellationToken);

    /// <summary>Waits until exactly <paramref name="count"/> containers matching <paramref name="filters"/> run.</summary>
    public Task WaitRunningAsync(DockerFilters filters, int count, TimeSpan limit, CancellationToken cancellationToken) =>
        UntilAsync(async () => (await RunningAsync(filters, cancellationToken)).Count == count, Poll, limit, $"{count} running", cancellationToken);

    /// <summary>Waits until no container (running or not) matches <paramref name="filters"/>.</summary>
    public Task WaitGoneAsync(DockerFilters filters, TimeSpan limit, CancellationToken cancellationToken) =>
        UntilAsync(async () => (await client.Containers.ListAsync(new ContainerListOptions { Filters = filters }, cancellationToken)).Count == 0,
            Poll, limit, "all containers removed", cancellationToken);

    /// <summary>Whether a network matches <paramref name="filters"/>.</summary>
    public async Task<bool> AnyNetworkAsync(DockerFilters filters, CancellationToken cancellationToken) =>
        (await client.Networks.ListAsync(filters, cancellationToken)).Count > 0;

    /// <summary>
    /// Waits for the end state of a teardown, the same for every tool: no container matches <paramref name="containers"/>
    /// and no network matches <paramref name="networks"/> (null for a tool that made no network of its own).
    /// </summary>
    public Task WaitTornDownAsync(DockerFilters containers, DockerFilters? networks, TimeSpan limit, CancellationToken cancellationToken) =>
        UntilAsync(async () => (await client.Containers.ListAsync(new ContainerListOptions { Filters = containers }, cancellationToken)).Count == 0
            && (networks is null || !await AnyNetworkAsync(networks, cancellationToken)),
            Poll, limit, networks is null ? "all containers removed" : "all containers and the network removed", cancellationToken);

    /// <summary>Waits until a running container matches <paramref name="filters"/> that is not one of <paramref name="old"/>.</summary>
    public Task WaitNewRunningAsync(DockerFilters filters, IReadOnlySet<string> old, TimeSpan limit, CancellationToken cancellationToken) =>
        UntilAsync(async () => (await RunningAsync(filters, cancellationToken)).Any(c => !old.Contains(c.Id)),
            Poll, limit, "the updated replica running", cancellationToken);

    /// <summary>
    /// After <paramref name="killed"/> was killed: waits until <paramref name="count"/> containers of the group run
    /// again and the killed one is either gone from the running set (replaced) or was started again after
    /// <paramref name="startedBefore"/> (restarted in place). Polls every <paramref name="poll"/> (default
    /// <see cref="FastPoll"/>, when the poll times the figure).
    /// </summary>
    public Task WaitHealedAsync(DockerFilters filters, int count, string killed, DateTimeOffset startedBefore, TimeSpan limit, CancellationToken cancellationToken,
        TimeSpan? poll = null) =>
        UntilAsync(async () =>
        {
            var running = await RunningAsync(filters, cancellationToken);
            if (running.Count != count)
            {
                return false;
            }
            if (running.All(c => c.Id != killed))
            {
                return true;
            }
            var state = (await client.Containers.InspectAsync(killed, cancellationToken)).State;
            return state.Running && state.StartedAt > startedBefore;
        }, poll ?? FastPoll, limit, "the killed replica replaced", cancellationToken);

    /// <summary>
    /// Waits until <paramref name="count"/> swarm tasks of the services whose <c>filter</c> matches are running
    /// with desired state running: what <c>docker service ps</c> shows, not the lagging replica count.
    /// </summary>
    public Task WaitTasksRunningAsync(string serviceFilterJson, int count, TimeSpan limit, CancellationToken cancellationToken) =>
        UntilAsync(async () => await RunningTasksAsync(serviceFilterJson, cancellationToken) == count, Poll, limit, $"{count} tasks running", cancellationToken);

    /// <summary>Engine mutations of containers matching <paramref name="filters"/> between two instants (from <c>/events</c>).</summary>
    public async Task<int> MutationsAsync(DockerFilters filters, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var message in client.Engine.StreamEventsAsync(new EventsQuery { Since = since, Until = until, Filters = filters }, cancellationToken))
        {
            if (Mutating.Contains(message.Action.Split(':')[0]))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>The first <paramref name="action"/> event of container <paramref name="id"/> between two instants (from <c>/events</c>), or null.</summary>
    public async Task<DockerEvent?> ContainerEventAsync(string id, string action, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var filters = new DockerFilters().Add("type", "container").Add("container", id).Add("event", action);
        await foreach (var message in client.Engine.StreamEventsAsync(new EventsQuery { Since = since, Until = until, Filters = filters }, cancellationToken))
        {
            if (message.Timestamp >= since)
            {
                return message;
            }
        }
        return null;
    }

    /// <summary>GET on the engine API, parsed; null on 404 or 503 (e.g. swarm calls when swarm is inactive).</summary>
    public async Task<JsonDocument?> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(path, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public void Dispose() => _http.Dispose();

    private async Task<int> RunningTasksAsync(string serviceFilterJson, CancellationToken cancellationToken)
    {
        using var services = await GetJsonAsync("services?filters=" + Uri.EscapeDataString(serviceFilterJson), cancellationToken);
        if (services is null)
        {
            return -1;
        }
        var ids = services.RootElement.EnumerateArray().Select(s => s.GetProperty("ID").GetString()).ToHashSet(StringComparer.Ordinal);
        if (ids.Count == 0)
        {
            return 0;
        }
        using var tasks = await GetJsonAsync("tasks?filters=" + Uri.EscapeDataString("{\"desired-state\":[\"running\"]}"), cancellationToken);
        if (tasks is null)
        {
            return -1;
        }
        return tasks.RootElement.EnumerateArray().Count(t =>
            ids.Contains(t.GetProperty("ServiceID").GetString())
            && t.TryGetProperty("Status", out var status) && status.GetProperty("State").GetString() == "running");
    }

    private static async Task UntilAsync(Func<Task<bool>> done, TimeSpan poll, TimeSpan limit, string what, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        while (!await done())
        {
            if (watch.Elapsed > limit)
            {
                throw new TimeoutException($"not {what} within {limit.TotalSeconds:0} s");
            }
            await Task.Delay(poll, cancellationToken);
        }
    }
}
