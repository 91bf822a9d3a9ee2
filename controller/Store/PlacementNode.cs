using Codemason.Controller.Nodes;

namespace Codemason.Controller.Store;

/// <summary>A node as the reconcile loop sees it: what placement decides on, nothing the API shows besides.</summary>
/// <param name="Id">The node.</param>
/// <param name="Hostname">Its host name (for explanations).</param>
/// <param name="Status">Ready / Unknown / Down.</param>
/// <param name="Availability">Active / Cordoned / Drained.</param>
/// <param name="Labels">Its labels, for placement constraints.</param>
/// <param name="Capacity">Memory and CPU capacity (0 = not reported).</param>
/// <param name="OnOverlay">Whether its agent can be on the environment's overlay: its replicas need addresses there.</param>
public sealed record PlacementNode(
    NodeId Id,
    string Hostname,
    NodeStatus Status,
    NodeAvailability Availability,
    IReadOnlyDictionary<string, string> Labels,
    Scheduling.Resources Capacity,
    bool OnOverlay = false);
