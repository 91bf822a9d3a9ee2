using System.Globalization;
using Codemason.Cli.Api;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Rollout;

/// <summary>
/// After a scale down (or a rollback to fewer replicas), waits until the surplus replicas' containers are stopped and removed, as
/// <c>docker service scale</c> does: the controller drops surplus replicas from its store at once, so the rollout
/// alone says nothing about them; each node says when it has removed everything its assignments no longer hold
/// (<see cref="Node.SettledRevision"/>).
/// </summary>
internal static class SurplusRemoval
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>The nodes running a replica of <paramref name="service"/> above index <paramref name="scale"/>: those a scale to it stops.</summary>
    public static IEnumerable<string> NodesOfSurplus(IEnumerable<Replica> replicas, string service, uint scale) =>
        replicas.Where(r => r.Service == service && r.Index > scale && r.NodeId.Length > 0).Select(r => r.NodeId);

    /// <summary>
    /// The nodes running a replica (of <paramref name="before"/>, listed before the change) that <paramref name="after"/>
    /// no longer has: its service is gone or its index is above the service's scale. For a rollback, whose scales are
    /// only known once it is made.
    /// </summary>
    public static IEnumerable<string> NodesOfRemoved(IEnumerable<Replica> before, App after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var scales = after.Services.ToDictionary(s => s.Name, s => s.Scale, StringComparer.Ordinal);
        return before.Where(r => r.NodeId.Length > 0 && (!scales.TryGetValue(r.Service, out var scale) || r.Index > scale)).Select(r => r.NodeId);
    }

    /// <summary>
    /// Of <paramref name="hosting"/>, the nodes still removing what the assignments at <paramref name="revision"/> dropped.
    /// A node that is not Ready is not waited for (its replicas are fenced when it returns, docs/protocol.md), nor one whose
    /// agent never reports a settled revision (older agents), nor one that is gone. Pure.
    /// </summary>
    public static IReadOnlyList<Node> StillRemoving(IEnumerable<Node> nodes, IReadOnlySet<string> hosting, ulong revision) =>
        [.. nodes.Where(n => hosting.Contains(n.Id) && n.Status == NodeStatus.Ready && n.SettledRevision > 0 && n.SettledRevision < revision)];

    /// <summary>
    /// Polls the environment's nodes until none of <paramref name="hosting"/> is still removing (<see cref="StillRemoving"/>);
    /// a <see cref="DeployFailedException"/> (exit 5) naming the nodes when <paramref name="timeout"/> runs out first.
    /// </summary>
    public static async Task WaitAsync(
        CommandContext context, ControllerClient client, string environment, IReadOnlySet<string> hosting, ulong revision, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        if (hosting.Count == 0)
        {
            return;
        }
        var time = context.Host.Time;
        var started = time.GetTimestamp();
        var announced = false;
        while (true)
        {
            var left = StillRemoving((await client.ListNodesAsync(environment, ct)).Nodes, hosting, revision);
            if (left.Count == 0)
            {
                if (announced)
                {
                    context.Out.WriteLine(context.Palette.Paint(
                        string.Create(CultureInfo.InvariantCulture, $"Surplus replicas removed ({DurationParser.Format(time.GetElapsedTime(started))})."), Tone.Good));
                }
                return;
            }
            if (time.GetElapsedTime(started) >= timeout)
            {
                throw new DeployFailedException(
                    $"surplus replicas were still being removed after {DurationParser.Format(timeout)} on {Names(left)}",
                    [.. left.Select(n => string.Create(CultureInfo.InvariantCulture,
                        $"node {n.Hostname} ({n.Id}) settled revision {n.SettledRevision}, waiting for {revision}; see its agent's log"))]);
            }
            if (!announced)
            {
                context.Out.WriteLine($"Waiting for the surplus replicas to stop on {Names(left)}...");
                announced = true;
            }
            await Task.Delay(PollInterval, time, ct);
        }
    }

    private static string Names(IReadOnlyList<Node> nodes) =>
        (nodes.Count == 1 ? "node " : "nodes ") + string.Join(", ", nodes.Select(n => n.Hostname.Length > 0 ? n.Hostname : n.Id));
}
