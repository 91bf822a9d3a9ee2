using Codemason.Identity;
using Codemason.Proto.V1;

namespace Codemason.Cli.Output;

/// <summary>How API enums and ids read in tables: lower-case words, each with its colour.</summary>
internal static class ResourceText
{
    public static string State(ReplicaState state) => state switch
    {
        ReplicaState.Pending => "pending",
        ReplicaState.Assigned => "assigned",
        ReplicaState.Preparing => "preparing",
        ReplicaState.Starting => "starting",
        ReplicaState.Running => "running",
        ReplicaState.Failed => "failed",
        ReplicaState.Shutdown => "shutdown",
        _ => "unknown",
    };

    public static Tone StateTone(ReplicaState state) => state switch
    {
        ReplicaState.Running => Tone.Good,
        ReplicaState.Failed => Tone.Bad,
        ReplicaState.Shutdown => Tone.Dim,
        _ => Tone.Waiting,
    };

    public static TableCell StateCell(ReplicaState state) => new(State(state), StateTone(state));

    public static string Status(NodeStatus status) => status switch
    {
        NodeStatus.Ready => "ready",
        NodeStatus.Unknown => "unknown",
        NodeStatus.Down => "down",
        _ => "unknown",
    };

    public static TableCell StatusCell(NodeStatus status) => new(Status(status), status switch
    {
        NodeStatus.Ready => Tone.Good,
        NodeStatus.Down => Tone.Bad,
        _ => Tone.Waiting,
    });

    public static string Availability(NodeAvailability availability) => availability switch
    {
        NodeAvailability.Active => "active",
        NodeAvailability.Cordoned => "cordoned",
        NodeAvailability.Drained => "drained",
        _ => "unknown",
    };

    public static TableCell AvailabilityCell(NodeAvailability availability) =>
        new(Availability(availability), availability == NodeAvailability.Active ? Tone.Plain : Tone.Waiting);

    /// <summary><c>web#2</c> from <c>production/pebble/web#2</c>.</summary>
    public static string ShortReplicaId(Replica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return ShortReplicaId(replica.Id);
    }

    /// <summary><c>web#2</c> from <c>production/pebble/web#2</c>; a text that is no replica id as it is.</summary>
    public static string ShortReplicaId(string replicaId) =>
        ReplicaId.TryParse(replicaId, out var id) ? id.ShortName : replicaId;

    /// <summary>What a person needs to know about a replica's state: the scheduler's explanation when pending, else the agent's message.</summary>
    public static string Detail(Replica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.State == ReplicaState.Pending && replica.Explanation.Length > 0)
        {
            // The scheduler may name the replica itself ("web#1: no node ..."); the row already does.
            var own = ShortReplicaId(replica) + ": ";
            return replica.Explanation.StartsWith(own, StringComparison.Ordinal) ? replica.Explanation[own.Length..] : replica.Explanation;
        }
        if (replica.State == ReplicaState.Failed && replica.Message.Length == 0)
        {
            return $"exit code {replica.ExitCode}";
        }
        return replica.Message.Length > 0 ? replica.Message : replica.Explanation;
    }

    public static string OrDash(string? text) => string.IsNullOrEmpty(text) ? "-" : text;
}
