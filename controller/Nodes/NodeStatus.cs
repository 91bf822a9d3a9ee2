namespace Codemason.Controller.Nodes;

/// <summary>Health of a node as the controller sees it (the store, node health and placement share it; the API maps it to the wire enum).</summary>
public enum NodeStatus
{
    /// <summary>Heartbeating: keeps its replicas and takes new ones.</summary>
    Ready,

    /// <summary>Not heard from yet (e.g. after a controller restart): keeps its replicas, takes no new ones.</summary>
    Unknown,

    /// <summary>Missed its heartbeats: loses its replicas, which are placed elsewhere.</summary>
    Down,
}
