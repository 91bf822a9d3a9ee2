using Wire = Codemason.Proto.V1;

namespace Codemason.Controller.Nodes;

/// <summary>
/// Node status and availability on the wire and in the store's columns (which hold the wire numbers): the one
/// mapping between them and the controller's own enums.
/// </summary>
public static class NodeStateWire
{
    public static Wire.NodeStatus ToWire(this NodeStatus status) => status switch
    {
        NodeStatus.Ready => Wire.NodeStatus.Ready,
        NodeStatus.Down => Wire.NodeStatus.Down,
        _ => Wire.NodeStatus.Unknown,
    };

    public static Wire.NodeAvailability ToWire(this NodeAvailability availability) => availability switch
    {
        NodeAvailability.Cordoned => Wire.NodeAvailability.Cordoned,
        NodeAvailability.Drained => Wire.NodeAvailability.Drained,
        _ => Wire.NodeAvailability.Active,
    };

    /// <summary>A stored or received status; anything unrecognised is Unknown (keeps its replicas, takes no new ones).</summary>
    public static NodeStatus ToStatus(Wire.NodeStatus status) => status switch
    {
        Wire.NodeStatus.Ready => NodeStatus.Ready,
        Wire.NodeStatus.Down => NodeStatus.Down,
        _ => NodeStatus.Unknown,
    };

    /// <summary>A stored or requested availability; null for the unspecified zero value.</summary>
    public static NodeAvailability? ToAvailability(Wire.NodeAvailability availability) => availability switch
    {
        Wire.NodeAvailability.Active => NodeAvailability.Active,
        Wire.NodeAvailability.Cordoned => NodeAvailability.Cordoned,
        Wire.NodeAvailability.Drained => NodeAvailability.Drained,
        _ => null,
    };
}
