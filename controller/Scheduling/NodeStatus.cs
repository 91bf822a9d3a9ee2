namespace Codemason.Controller.Scheduling;

/// <summary>Health of a node as the dispatcher sees it.</summary>
public enum NodeStatus
{
    /// <summary>Heartbeating: keeps its replicas and takes new ones.</summary>
    Ready,

    /// <summary>Not heard from yet (e.g. after a controller restart): keeps its replicas, takes no new ones.</summary>
    Unknown,

    /// <summary>Missed its heartbeats: loses its replicas, which are placed elsewhere.</summary>
    Down,
}
