using Codemason.Mortar.Model;

namespace Codemason.Controller.Scheduling;

/// <summary>One scheduled service while a schedule is computed: its constraints and where each replica is.</summary>
internal sealed class ServiceWork
{
    public ServiceWork(SchedulingService service)
    {
        Service = service;
        Constraints = service.Placement.Constraints;
        ConstraintSignature = string.Join('\n', Constraints);
        Current = new NodeId?[service.Scale];
        Assigned = new int[service.Scale];
        Array.Fill(Assigned, Unassigned);
    }

    public const int Unassigned = -1;

    public SchedulingService Service { get; }

    public IReadOnlyList<PlacementConstraint> Constraints { get; }

    /// <summary>Services with the same signature filter nodes the same way.</summary>
    public string ConstraintSignature { get; }

    /// <summary>Node each replica was on according to the request; index = replica index.</summary>
    public NodeId?[] Current { get; }

    /// <summary>Index of the node each replica ends on, or <see cref="Unassigned"/>.</summary>
    public int[] Assigned { get; }

    /// <summary>Replicas of this service per node index (only nodes with at least one).</summary>
    public Dictionary<int, int> PerNode { get; } = [];

    public int CountOn(int node) => PerNode.GetValueOrDefault(node);

    public bool SatisfiesConstraints(SchedulingNode node)
    {
        foreach (var constraint in Constraints)
        {
            if (!constraint.IsSatisfiedBy(node.Hostname, node.Labels))
            {
                return false;
            }
        }
        return true;
    }
}
