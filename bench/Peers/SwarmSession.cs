namespace Codemason.Bench.Peers;

/// <summary>
/// Swarm mode of the shared engine for as short as possible: <c>docker swarm init</c> on loopback, and
/// <c>docker swarm leave --force</c> on dispose, whatever happened in between. A marker file records that
/// the bench turned swarm mode on, so a later run (or <c>scripts/bench-peers.sh</c>'s exit trap) can tell its
/// own leftover from a swarm somebody else runs, which it never touches.
/// </summary>
internal sealed class SwarmSession : IAsyncDisposable
{
    /// <summary>Exists while swarm mode is on because of this benchmark.</summary>
    public const string MarkerPath = "/tmp/codemason-bench-peers.swarm";

    private static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(60);

    private SwarmSession(TimeSpan initTime) => InitTime = initTime;

    /// <summary>How long <c>docker swarm init</c> took.</summary>
    public TimeSpan InitTime { get; }

    /// <summary>The engine's swarm state: inactive, pending, active, error, locked.</summary>
    public static async Task<string> StateAsync(CancellationToken cancellationToken)
    {
        var info = await PeerCommand.RunAsync("docker", ["info", "--format", "{{.Swarm.LocalNodeState}}"], CommandLimit, cancellationToken);
        return info.Output.Trim();
    }

    /// <summary>
    /// Leaves a swarm that an earlier, interrupted run of this benchmark left on. Returns false when swarm mode
    /// is on without the marker: somebody else's swarm, so the swarm figures must be skipped.
    /// </summary>
    public static async Task<bool> EnsureNoLeftoverAsync(CancellationToken cancellationToken)
    {
        var state = await StateAsync(cancellationToken);
        if (state == "inactive")
        {
            File.Delete(MarkerPath);
            return true;
        }
        if (!File.Exists(MarkerPath))
        {
            return false;
        }
        await LeaveAsync(CancellationToken.None);
        return await StateAsync(cancellationToken) == "inactive";
    }

    /// <summary>Turns swarm mode on, listening on loopback only.</summary>
    public static async Task<SwarmSession> StartAsync(CancellationToken cancellationToken)
    {
        if (!await EnsureNoLeftoverAsync(cancellationToken))
        {
            throw new InvalidOperationException("the engine is already in swarm mode (not started by this benchmark); swarm figures skipped");
        }
        await File.WriteAllTextAsync(MarkerPath, $"{Environment.ProcessId}\n", cancellationToken);
        try
        {
            var init = await PeerCommand.CheckedAsync("docker",
                ["swarm", "init", "--advertise-addr", "127.0.0.1", "--listen-addr", "127.0.0.1:2377"], CommandLimit, cancellationToken);
            return new SwarmSession(init.Elapsed);
        }
        catch
        {
            await LeaveAsync(CancellationToken.None);
            throw;
        }
    }

    public async ValueTask DisposeAsync() => await LeaveAsync(CancellationToken.None);

    private static async Task LeaveAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await PeerCommand.RunAsync("docker", ["swarm", "leave", "--force"], CommandLimit, cancellationToken);
            if (await StateAsync(cancellationToken) == "inactive")
            {
                File.Delete(MarkerPath);
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }
}
