namespace Codemason.Agent.Reconciliation;

/// <summary>A managed container as the engine reported it (read from its codemason.* labels and state).</summary>
/// <remarks>
/// <see cref="SpecHash"/> is the <c>codemason.spec-hash</c> label as found (containers of older agents may carry
/// an older form; see <see cref="Identity.SpecHash.Matches"/>). <see cref="OnAppNetwork"/> is false when the
/// container lost its app network (it was removed and made again). <see cref="OverlayAddress"/> is its address on its
/// environment's overlay network, null when it is not on it (or stopped: only a running container holds an address).
/// <see cref="Listening"/> is filled in by the reconciler's port probe, never by the engine.
/// </remarks>
public sealed record ObservedContainer(
    string Id,
    string Name,
    ReplicaId Replica,
    string SpecHash,
    ContainerRunState State,
    HealthState Health = HealthState.None,
    int ExitCode = 0,
    DateTimeOffset Created = default,
    DateTimeOffset StartedAt = default,
    DateTimeOffset FinishedAt = default,
    bool OnAppNetwork = true,
    string? OverlayAddress = null)
{
    /// <summary>Its address on the first network it is attached to (the overlay or its app's), for a port probe; null when none.</summary>
    public string? NetworkAddress { get; init; }

    /// <summary>
    /// Whether its service's first TCP port accepted a connection when the agent looked, for a container without a
    /// health check replacing one that serves; null when not probed.
    /// </summary>
    public bool? Listening { get; init; }

    /// <summary>How long the last run lasted; zero when it never ran.</summary>
    public TimeSpan LastRunDuration =>
        StartedAt == default || FinishedAt < StartedAt ? TimeSpan.Zero : FinishedAt - StartedAt;

    /// <summary>Whether it can take requests: running, and healthy, or without a health check and not found deaf on its port.</summary>
    public bool Serves => State == ContainerRunState.Running && (Health == HealthState.Healthy || (Health == HealthState.None && Listening != false));

    /// <summary>Ranks candidates for "the" container of a replica: running and healthy first, then newest.</summary>
    internal int Rank => State switch
    {
        ContainerRunState.Running when Health is HealthState.Healthy or HealthState.None => 4,
        ContainerRunState.Running or ContainerRunState.Paused or ContainerRunState.Restarting => 3,
        ContainerRunState.Created => 2,
        ContainerRunState.Exited => 1,
        _ => 0,
    };
}

/// <summary>Docker's container states.</summary>
public enum ContainerRunState
{
    Created,
    Running,
    Paused,
    Restarting,
    Exited,
    Dead,
    Removing,
}

/// <summary>Docker's health states; None when the container has no health check.</summary>
public enum HealthState
{
    None,
    Starting,
    Healthy,
    Unhealthy,
}
