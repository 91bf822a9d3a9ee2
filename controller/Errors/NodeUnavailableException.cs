namespace Codemason.Controller.Errors;

/// <summary>The operation needs a live agent session on a node that has none (UNAVAILABLE).</summary>
public sealed class NodeUnavailableException(string nodeId)
    : ControllerException($"no agent connected for node {nodeId}")
{
    /// <summary>The node without a session.</summary>
    public string NodeId { get; } = nodeId;
}
