namespace Codemason.Controller.Scheduling;

/// <summary>The output of <see cref="Scheduler.Schedule"/>, ordered by replica id (app, service, index).</summary>
/// <param name="Assignments">One per replica <c>0 .. Scale-1</c> of every scheduled service.</param>
/// <param name="Moves">Replicas that leave a node; empty when nothing needs to move.</param>
public sealed record SchedulingResult(IReadOnlyList<ReplicaAssignment> Assignments, IReadOnlyList<ReplicaMove> Moves)
{
    /// <summary>The assignments that found no node.</summary>
    public IEnumerable<ReplicaAssignment> Unplaced => Assignments.Where(a => a.Outcome == PlacementOutcome.Unplaced);
}
