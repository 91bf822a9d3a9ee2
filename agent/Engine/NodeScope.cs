namespace Codemason.Agent.Engine;

/// <summary>
/// What marks engine objects as this agent's: the <c>codemason.node</c> label (the node name) and
/// extra labels. The node name comes from the options, else from the engine's host name once the
/// engine answers (the agent runs in a container, whose own host name changes with every container).
/// </summary>
public sealed class NodeScope(string? nodeName, IReadOnlyDictionary<string, string> extraLabels)
{
    private string? _nodeName = string.IsNullOrWhiteSpace(nodeName) ? null : nodeName;

    /// <summary>Value of the <c>codemason.node</c> label on everything this agent makes.</summary>
    public string NodeName => _nodeName ?? throw new InvalidOperationException("the node name is not resolved yet");

    /// <summary>The node name, or <c>null</c> while it is not resolved yet.</summary>
    public string? ResolvedNodeName => _nodeName;

    /// <summary>Labels added to every object (tests add <c>codemason.test</c>).</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; } = extraLabels;

    /// <summary>Sets the node name from the engine's host name when the options gave none.</summary>
    public void ResolveNodeName(string engineHostName) => _nodeName ??= engineHostName;

    /// <summary>Labels every object of this agent carries.</summary>
    public Dictionary<string, string> BaseLabels() => new(ExtraLabels, StringComparer.Ordinal)
    {
        [ManagedLabels.Managed] = "true",
        [ManagedLabels.Node] = NodeName,
    };

    /// <summary>Engine filter for this agent's objects.</summary>
    public Docker.DockerFilters Filter() =>
        Docker.DockerFilters.ByLabel(ManagedLabels.Managed, "true").Label(ManagedLabels.Node, NodeName);
}
