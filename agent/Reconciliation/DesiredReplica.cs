using Codemason.Proto.V1;

namespace Codemason.Agent.Reconciliation;

/// <summary>One replica this node must run, as assigned.</summary>
public sealed record DesiredReplica(
    ReplicaId Id,
    long AppRevision,
    SpecHash SpecHash,
    ContainerSpec Spec)
{
    /// <summary>Its address on the environment's overlay network (docs/networking.md); empty = none: the app's own network of this engine.</summary>
    public string Address { get; init; } = "";

    public AppKey App => Id.App;

    public string Service => Id.Service;

    public int Index => Id.Index;

    /// <summary>An assignment of the book (whose replica id and spec hash <see cref="Assignments.AssignmentBook"/> has checked).</summary>
    public static DesiredReplica From(ReplicaAssignment assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return new(
            ReplicaId.Parse(assignment.ReplicaId),
            (long)assignment.AppRevision,
            SpecHash.Parse(assignment.SpecHash),
            assignment.Spec ?? new ContainerSpec())
        {
            Address = assignment.Address,
        };
    }

    /// <summary>True when a host port is fixed, so two containers of this replica cannot run at once.</summary>
    public bool PublishesFixedHostPort => Spec.Ports.Any(p => p.HostPort != 0);

    public bool HasHealthCheck => Spec.HealthCheck is { Test.Count: > 0 } check && check.Test[0] != "NONE";
}
