namespace Codemason.Agent.Reconciliation;

/// <summary>
/// What the agent remembers of a replica between plans: its crashes, to back off restarts of a crash-looping
/// container, and since when its current container serves, to drain the one it replaced.
/// </summary>
/// <param name="ConsecutiveFailures">Exits counted since the container last ran long enough to be called stable.</param>
/// <param name="LastCountedExit">FinishedAt of the last exit counted, so one exit is never counted twice.</param>
/// <param name="RestartCount">Restarts after crashes over the replica's life, for reporting.</param>
public sealed record ReplicaMemory(int ConsecutiveFailures, DateTimeOffset LastCountedExit, int RestartCount)
{
    public static readonly ReplicaMemory None = new(0, default, 0);

    /// <summary>
    /// The container first seen serving while an old one of the replica still ran, and when: the old one is drained
    /// from then on (<see cref="DesiredReplica.Drain"/>). Null when no replacement is draining.
    /// </summary>
    public ServingSince? Serving { get; init; }
}
