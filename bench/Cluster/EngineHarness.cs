using System.Globalization;
using System.Net;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Cluster;

/// <summary>
/// The multi-node harness of <c>scripts/cluster.sh</c> (docs/cluster-harness.md), as the bench uses it: N engines in
/// network namespaces, joined by a bridge whose address (<see cref="Gateway"/>) is this machine's side. Its name is
/// unique per run and its state lives in a folder of its own; <see cref="DownAsync"/> removes everything.
/// </summary>
internal sealed class EngineHarness
{
    private static readonly TimeSpan UpLimit = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DownLimit = TimeSpan.FromMinutes(3);

    private readonly string _stateDirectory;

    private EngineHarness(string name, string stateDirectory)
    {
        Name = name;
        _stateDirectory = stateDirectory;
    }

    /// <summary><c>b</c> + 6 random hex digits: namespaces <c>NAME-nk</c>, bridge <c>NAME-br</c>.</summary>
    public string Name { get; }

    public IPAddress Gateway { get; private set; } = IPAddress.None;

    public IReadOnlyList<HarnessNode> Nodes { get; private set; } = [];

    /// <summary>
    /// Runs <c>up <paramref name="nodes"/></c>. Whatever happens, the caller runs <see cref="DownAsync"/> on the
    /// harness it got back through <paramref name="started"/> (it is set before <c>up</c> runs, so a half-made
    /// harness is removed too).
    /// </summary>
    public static async Task<EngineHarness> UpAsync(int nodes, string stateDirectory, Action<EngineHarness> started, CancellationToken cancellationToken)
    {
        var harness = new EngineHarness("b" + Guid.NewGuid().ToString("N")[..6], stateDirectory);
        started(harness);
        await harness.RunCheckedAsync("up", UpLimit, cancellationToken, nodes.ToString(CultureInfo.InvariantCulture));
        var env = await harness.RunCheckedAsync("env", UpLimit, cancellationToken);
        var values = env.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.Ordinal);
        if (values.GetValueOrDefault("CLUSTER_READY") != "1")
        {
            throw new InvalidOperationException($"harness {harness.Name} is not ready: {PeerCommand.Tail(env.Output)}");
        }
        harness.Gateway = IPAddress.Parse(values["CLUSTER_GATEWAY"]);
        harness.Nodes = Enumerable.Range(1, int.Parse(values["CLUSTER_NODES"], CultureInfo.InvariantCulture))
            .Select(k => new HarnessNode(values[$"NODE_{k}_NAME"], values[$"NODE_{k}_NAMESPACE"],
                IPAddress.Parse(values[$"NODE_{k}_ADDRESS"]), values[$"NODE_{k}_DOCKER_HOST"]))
            .ToList();
        return harness;
    }

    /// <summary>Runs <c>down</c>; returns null when everything is gone, else what the script said was left.</summary>
    public async Task<string?> DownAsync()
    {
        var down = await RunAsync("down", DownLimit, CancellationToken.None);
        return down.Succeeded ? null : $"`scripts/cluster.sh --name {Name} down` exited {down.ExitCode}: {PeerCommand.Tail(down.Output)}";
    }

    private async Task<CommandResult> RunCheckedAsync(string command, TimeSpan limit, CancellationToken cancellationToken, params string[] arguments)
    {
        var result = await RunAsync(command, limit, cancellationToken, arguments);
        return result.Succeeded
            ? result
            : throw new InvalidOperationException($"`scripts/cluster.sh {command}` exited {result.ExitCode}: {PeerCommand.Tail(result.Output)}");
    }

    private Task<CommandResult> RunAsync(string command, TimeSpan limit, CancellationToken cancellationToken, params string[] arguments) =>
        PeerCommand.RunAsync(Path.Combine(RepoPaths.Root, "scripts", "cluster.sh"),
            ["--name", Name, "--dir", _stateDirectory, command, .. arguments], limit, cancellationToken);
}
