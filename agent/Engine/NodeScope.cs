namespace Codemason.Agent.Engine;

/// <summary>What marks engine objects as this agent's.</summary>
/// <param name="NodeName">Value of the <c>codemason.node</c> label on everything this agent makes.</param>
/// <param name="ExtraLabels">Labels added to every object (tests add <c>codemason.test</c>).</param>
public sealed record NodeScope(string NodeName, IReadOnlyDictionary<string, string> ExtraLabels)
{
    /// <summary>Labels every object of this agent carries.</summary>
    public Dictionary<string, string> BaseLabels()
    {
        var labels = new Dictionary<string, string>(ExtraLabels, StringComparer.Ordinal)
        {
            [ManagedLabels.Managed] = "true",
            [ManagedLabels.Node] = NodeName,
        };
        return labels;
    }

    /// <summary>Engine filter for this agent's objects.</summary>
    public Docker.DockerFilters Filter() =>
        Docker.DockerFilters.ByLabel(ManagedLabels.Managed, "true").Label(ManagedLabels.Node, NodeName);
}
