namespace Codemason.Agent.Reconciliation;

/// <summary>One step the executor performs against the engine. Plans are ordered lists of these.</summary>
public abstract record ReplicaAction;

/// <summary>Create the app's network when it does not exist.</summary>
public sealed record EnsureNetwork(AppKey App) : ReplicaAction
{
    public override string ToString() => $"ensure-network {App}";
}

/// <summary>Create a named volume of the app when it does not exist.</summary>
public sealed record EnsureVolume(AppKey App, string Volume) : ReplicaAction
{
    public override string ToString() => $"ensure-volume {App} {Volume}";
}

/// <summary>Make the image present: pull it when missing (or always, when the spec asks).</summary>
public sealed record EnsureImage(string Image, bool AlwaysPull, Proto.V1.RegistryAuth? Auth = null) : ReplicaAction
{
    public override string ToString() => $"ensure-image {Image}{(AlwaysPull ? " (always pull)" : "")}";
}

/// <summary>Create a new container for the replica and start it.</summary>
public sealed record RunContainer(DesiredReplica Replica) : ReplicaAction
{
    public override string ToString() => $"run {Replica.Id} hash={Replica.SpecHash}{(Replica.HasAddress ? $" at {Replica.Address}" : "")}";
}

/// <summary>Start an existing container (half-made, or restarted in place after an exit).</summary>
public sealed record StartContainer(string ContainerId, ReplicaId Replica, string Reason) : ReplicaAction
{
    public override string ToString() => $"start {ContainerId} ({Reason})";
}

/// <summary>Stop (when running) and remove a container.</summary>
public sealed record RemoveContainer(string ContainerId, ReplicaId Replica, string Reason) : ReplicaAction
{
    public override string ToString() => $"remove {ContainerId} ({Reason})";
}

/// <summary>Attach a running container to its app network again (after the network was re-created).</summary>
public sealed record ConnectNetwork(string ContainerId, DesiredReplica Replica) : ReplicaAction
{
    public override string ToString() => $"connect-network {ContainerId} {Replica.App}";
}

/// <summary>Remove the app's network; "active endpoints" is retried later, never a failure.</summary>
public sealed record RemoveNetwork(AppKey App) : ReplicaAction
{
    public override string ToString() => $"remove-network {App}";
}

/// <summary>Remove a named volume of a deleted app.</summary>
public sealed record RemoveVolume(AppKey App, string Volume) : ReplicaAction
{
    public override string ToString() => $"remove-volume {App} {Volume}";
}
