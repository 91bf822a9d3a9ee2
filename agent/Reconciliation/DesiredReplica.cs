using Codemason.Proto.V1;

namespace Codemason.Agent.Reconciliation;

/// <summary>One replica this node must run, as assigned.</summary>
public sealed record DesiredReplica(
    ReplicaId Id,
    AppKey App,
    string Service,
    int Index,
    long AppRevision,
    string SpecHash,
    ContainerSpec Spec)
{
    public static DesiredReplica From(ReplicaAssignment assignment) => new(
        new ReplicaId(assignment.ReplicaId),
        new AppKey(assignment.Environment, assignment.App),
        assignment.Service,
        (int)assignment.Index,
        (long)assignment.AppRevision,
        assignment.SpecHash,
        assignment.Spec ?? new ContainerSpec());

    /// <summary>True when a host port is fixed, so two containers of this replica cannot run at once.</summary>
    public bool PublishesFixedHostPort => Spec.Ports.Any(p => p.HostPort != 0);

    public bool HasHealthCheck => Spec.HealthCheck is { Test.Count: > 0 } check && check.Test[0] != "NONE";
}
