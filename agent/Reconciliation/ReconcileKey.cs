namespace Codemason.Agent.Reconciliation;

/// <summary>What a unit of reconcile work is about.</summary>
public enum ReconcileKeyKind
{
    /// <summary>One replica: its containers.</summary>
    Replica,

    /// <summary>One app: its network and named volumes.</summary>
    App,

    /// <summary>Everything: re-list the engine and queue what differs.</summary>
    Resync,

    /// <summary>Whether the containers of replicas the book no longer holds are all gone (<see cref="SettledRevision"/>).</summary>
    Settle,
}

/// <summary>A key of the reconcile work queue: a replica, an app, the resync, or the settle check.</summary>
public readonly record struct ReconcileKey(ReconcileKeyKind Kind, ReplicaId Replica = default, AppKey App = default)
{
    public static readonly ReconcileKey Resync = new(ReconcileKeyKind.Resync);

    public static readonly ReconcileKey Settle = new(ReconcileKeyKind.Settle);

    public static ReconcileKey ForReplica(ReplicaId replica) => new(ReconcileKeyKind.Replica, Replica: replica);

    public static ReconcileKey ForApp(AppKey app) => new(ReconcileKeyKind.App, App: app);

    public override string ToString() => Kind switch
    {
        ReconcileKeyKind.Replica => $"replica:{Replica}",
        ReconcileKeyKind.App => $"app:{App}",
        ReconcileKeyKind.Settle => "settle:*",
        _ => "resync:*",
    };
}
