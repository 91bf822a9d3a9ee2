namespace Codemason.Agent.Engine;

/// <summary>
/// What marks engine objects as this agent's. Everything it makes carries <c>codemason.node-id</c> (its node id) and
/// <c>codemason.node</c> (its node name, for people); it owns exactly the objects with its node id, so agents sharing
/// one engine (two environments on one server) never touch each other's objects, even when their node names are the same
/// engine host name. Objects of agents before the node-id label (only <c>codemason.node</c>) are claimed by the agent with
/// that node name, only in environments it serves (<see cref="ClaimLegacy"/>): see docs/agent.md, "Upgrade".
/// </summary>
/// <remarks>
/// The node name comes from the options, else from the engine's host name once the engine answers (the agent runs in a
/// container, whose own host name changes with every container). The node id comes from the agent's state file
/// (<see cref="ResolveNodeId"/>) before anything is listed or made.
/// </remarks>
public sealed class NodeScope(string? nodeName, IReadOnlyDictionary<string, string> extraLabels, string? nodeId = null)
{
    private readonly Lock _gate = new();
    private string? _nodeName = string.IsNullOrWhiteSpace(nodeName) ? null : nodeName;
    private string? _nodeId = string.IsNullOrWhiteSpace(nodeId) ? null : nodeId;
    private HashSet<string> _legacyEnvironments = new(StringComparer.Ordinal);

    /// <summary>Value of the <c>codemason.node</c> label on everything this agent makes.</summary>
    public string NodeName => _nodeName ?? throw new InvalidOperationException("the node name is not resolved yet");

    /// <summary>The node name, or <c>null</c> while it is not resolved yet.</summary>
    public string? ResolvedNodeName => _nodeName;

    /// <summary>Value of the <c>codemason.node-id</c> label on everything this agent makes: what ownership is decided by.</summary>
    public string NodeId => _nodeId ?? throw new InvalidOperationException("the node id is not resolved yet");

    /// <summary>The node id, or <c>null</c> while it is not resolved yet.</summary>
    public string? ResolvedNodeId => _nodeId;

    /// <summary>Labels added to every object (tests add <c>codemason.test</c>).</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; } = extraLabels;

    /// <summary>Environments whose objects without a node id this agent claims when their node name is its own.</summary>
    public IReadOnlySet<string> LegacyEnvironments => _legacyEnvironments;

    /// <summary>Sets the node name from the engine's host name when the options gave none.</summary>
    public void ResolveNodeName(string engineHostName) => _nodeName ??= engineHostName;

    /// <summary>Sets the node id once; later calls keep the first (ownership must not move while the agent runs).</summary>
    public void ResolveNodeId(string nodeId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        _nodeId ??= nodeId;
    }

    /// <summary>
    /// Adds environments this agent serves: objects of earlier agents there (its node name, no node id) are its own.
    /// Only ever grows while the agent runs, so an environment's unassigned old containers are still found and removed.
    /// </summary>
    public void ClaimLegacy(IEnumerable<string> environments)
    {
        ArgumentNullException.ThrowIfNull(environments);
        lock (_gate)
        {
            var claimed = new HashSet<string>(_legacyEnvironments, StringComparer.Ordinal);
            claimed.UnionWith(environments);
            if (claimed.Count != _legacyEnvironments.Count)
            {
                _legacyEnvironments = claimed;
            }
        }
    }

    /// <summary>Labels every object of this agent carries.</summary>
    public Dictionary<string, string> BaseLabels() => new(ExtraLabels, StringComparer.Ordinal)
    {
        [ManagedLabels.Managed] = "true",
        [ManagedLabels.Node] = NodeName,
        [ManagedLabels.NodeId] = NodeId,
    };

    /// <summary>
    /// Engine filter for the objects this agent may own: every managed one (the engine cannot select "no node-id label"),
    /// to be narrowed with <see cref="Owns"/>.
    /// </summary>
    public Docker.DockerFilters Filter() => Docker.DockerFilters.ByLabel(ManagedLabels.Managed, "true");

    /// <summary>
    /// Whether an object with these labels is this agent's: managed and carrying its node id; or, made by an agent before
    /// node ids, carrying its node name and no node id, in an environment it claims.
    /// </summary>
    public bool Owns(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.GetValueOrDefault(ManagedLabels.Managed) != "true")
        {
            return false;
        }
        if (labels.TryGetValue(ManagedLabels.NodeId, out var id))
        {
            return id == NodeId;
        }
        return labels.GetValueOrDefault(ManagedLabels.Node) == NodeName
            && labels.TryGetValue(ManagedLabels.Environment, out var environment)
            && _legacyEnvironments.Contains(environment);
    }

    /// <summary>The node id of another agent that owns an object with these labels, or null when it is none of another's.</summary>
    public string? OtherOwner(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null && labels.GetValueOrDefault(ManagedLabels.Managed) == "true" && !Owns(labels)
            ? labels.GetValueOrDefault(ManagedLabels.NodeId) ?? $"node name {labels.GetValueOrDefault(ManagedLabels.Node) ?? "?"}"
            : null;
}
