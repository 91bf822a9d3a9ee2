namespace Codemason.Controller.Edge;

/// <summary>A node of the environment as the edge sees it.</summary>
/// <param name="Id">The node.</param>
/// <param name="Name">Its name, for people.</param>
/// <param name="AdvertiseAddress">The address other servers reach it at; a loopback one is not on the overlay.</param>
/// <param name="Labels">Its labels: <c>edge=false</c> keeps it out of the edges.</param>
public sealed record EdgeNode(NodeId Id, string Name, string AdvertiseAddress, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Whether this node runs its environment's edge: every node unless labelled <c>edge=false</c>.</summary>
    public bool RunsEdge =>
        !(Labels.TryGetValue(EdgeOptions.NodeLabel, out var value) && string.Equals(value, "false", StringComparison.OrdinalIgnoreCase));
}
