using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Controller.Store;

/// <summary>
/// One entry of the change log: an object that changed at <see cref="Revision"/>, with its full new value (or,
/// when deleted, its last value) as protobuf bytes. Replica changes carry the node they are on and the node
/// they left, and whether the node's assignments changed (placement, spec) or only the observed state.
/// </summary>
/// <param name="Sequence">Position in the log; increases within and across revisions.</param>
/// <param name="Revision">Store revision of the change.</param>
/// <param name="At">When it was committed.</param>
/// <param name="Kind">Environment, node, app, replica or event.</param>
/// <param name="Type">Added, modified or deleted.</param>
/// <param name="Environment">Environment of the object.</param>
/// <param name="App">App of the object (apps, replicas, events); empty otherwise.</param>
/// <param name="Key">Object key: environment name, node id, app name, replica id, event sequence.</param>
/// <param name="Node">For replicas: the node it is placed on after the change (or was, when deleted). For nodes: the node.</param>
/// <param name="PreviousNode">For replicas that moved: the node it left.</param>
/// <param name="AssignmentChanged">True when what <see cref="Node"/> or <see cref="PreviousNode"/> must run changed.</param>
/// <param name="Traceparent">W3C trace context of the span that made the change (an apply, a plan); null when none.</param>
/// <param name="Object">The serialized <c>Environment</c>, <c>Node</c>, <c>App</c>, <c>Replica</c> or <c>Event</c>.</param>
public sealed record ChangeRecord(
    long Sequence,
    long Revision,
    DateTimeOffset At,
    ResourceKind Kind,
    ChangeType Type,
    string Environment,
    string App,
    string Key,
    NodeId? Node,
    NodeId? PreviousNode,
    bool AssignmentChanged,
    ByteString Object,
    string? Traceparent = null)
{
    /// <summary>The change as the public watch sends it.</summary>
    public WatchEvent ToWatchEvent()
    {
        var watchEvent = new WatchEvent { Type = (WatchEvent.Types.Type)Type, StoreRevision = (ulong)Revision };
        switch (Kind)
        {
            case ResourceKind.Environment:
                watchEvent.Environment = Proto.V1.Environment.Parser.ParseFrom(Object);
                break;
            case ResourceKind.Node:
                watchEvent.Node = Proto.V1.Node.Parser.ParseFrom(Object);
                break;
            case ResourceKind.App:
                watchEvent.App = Proto.V1.App.Parser.ParseFrom(Object);
                break;
            case ResourceKind.Replica:
                watchEvent.Replica = Proto.V1.Replica.Parser.ParseFrom(Object);
                break;
            case ResourceKind.Event:
                watchEvent.Event = Proto.V1.Event.Parser.ParseFrom(Object);
                break;
            case ResourceKind.Unspecified:
            default:
                throw new InvalidOperationException($"change {Sequence} has no resource kind");
        }
        return watchEvent;
    }
}
