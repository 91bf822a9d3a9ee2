namespace Codemason.Agent.Reconciliation;

/// <summary>
/// What the agent remembers of a replica's crashes, to back off restarts of a crash-looping container.
/// </summary>
/// <param name="ConsecutiveFailures">Exits counted since the container last ran long enough to be called stable.</param>
/// <param name="LastCountedExit">FinishedAt of the last exit counted, so one exit is never counted twice.</param>
/// <param name="RestartCount">Restarts after crashes over the replica's life, for reporting.</param>
public sealed record CrashHistory(int ConsecutiveFailures, DateTimeOffset LastCountedExit, int RestartCount)
{
    public static readonly CrashHistory None = new(0, default, 0);
}
