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

    /// <summary>Its second overlay address, which a start-first replacement takes when the old container holds <see cref="Address"/>; empty = none.</summary>
    public string SurgeAddress { get; init; } = "";

    /// <summary>
    /// How long an old container is kept after its replacement serves (a routed service, docs/edge.md); zero = no
    /// drain: the old container goes as soon as the new one runs.
    /// </summary>
    public TimeSpan Drain { get; init; }

    public AppKey App => Id.App;

    public string Service => Id.Service;

    public int Index => Id.Index;

    /// <summary>An assignment of the book (whose replica id and spec hash <see cref="Assignments.AssignmentBook"/> has checked).</summary>
    /// <param name="assignment">The assignment.</param>
    /// <param name="onOverlay">
    /// Whether this node is on the overlay (<see cref="Overlay.OverlayService.InUse"/>): a node that is not keeps every
    /// replica on its app's network, so the assignment's address is dropped.
    /// </param>
    public static DesiredReplica From(ReplicaAssignment assignment, bool onOverlay = true)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        return new(
            ReplicaId.Parse(assignment.ReplicaId),
            (long)assignment.AppRevision,
            SpecHash.Parse(assignment.SpecHash),
            assignment.Spec ?? new ContainerSpec())
        {
            Address = onOverlay ? assignment.Address : "",
            SurgeAddress = onOverlay ? assignment.SurgeAddress : "",
            Drain = TimeSpan.FromMilliseconds(assignment.DrainMs),
        };
    }

    /// <summary>True when a host port is fixed, so two containers of this replica cannot run at once.</summary>
    public bool PublishesFixedHostPort => Spec.Ports.Any(p => p.HostPort != 0);

    /// <summary>True when it runs at an overlay address, which two containers cannot hold at once either.</summary>
    public bool HasAddress => Address.Length > 0;

    /// <summary>
    /// True when it writes to data that outlives its container (a named volume or a host path, not read-only): two
    /// containers of a database on one data directory corrupt it.
    /// </summary>
    public bool WritesKeptData => Spec.Volumes.Any(v => !v.ReadOnly && v.SourceCase is VolumeMount.SourceOneofCase.Volume or VolumeMount.SourceOneofCase.HostPath);

    /// <summary>
    /// Whether an old container may keep running while the new one starts: no fixed host port; no kept data unless it
    /// is drained (routed: a web app with an uploads volume); and no overlay address or, for a drained replica, a second
    /// one to start the new container at.
    /// </summary>
    public bool StartsFirst => !PublishesFixedHostPort
        && (Drain > TimeSpan.Zero || !WritesKeptData)
        && (!HasAddress || (Drain > TimeSpan.Zero && SurgeAddress.Length > 0));

    /// <summary>Whether <paramref name="address"/> is one of this replica's overlay addresses.</summary>
    public bool Owns(string? address) => address is not null && (address == Address || (SurgeAddress.Length > 0 && address == SurgeAddress));

    /// <summary>
    /// Whether <paramref name="container"/> runs where this replica must: at one of its overlay addresses, when it has
    /// them. A stopped container holds no address and is judged when it runs.
    /// </summary>
    public bool IsPlaced(ObservedContainer container) =>
        !HasAddress || container.State is not (ContainerRunState.Running or ContainerRunState.Paused) || Owns(container.OverlayAddress);

    /// <summary>The first TCP port its containers listen on, which a replacement without a health check must accept connections on before it serves; null when none is declared.</summary>
    public int? ProbePort => Spec.Ports.Where(p => p.Protocol is "" or "tcp").Select(p => (int?)p.ContainerPort).FirstOrDefault(p => p > 0);

    public bool HasHealthCheck => Spec.HealthCheck is { Test.Count: > 0 } check && check.Test[0] != "NONE";
}
