namespace Codemason.Controller.Scheduling;

/// <summary>
/// A service within the environment being scheduled: the app and the service name (compared ordinally). The
/// scheduler plans one environment at a time, so it keys services without it; a <see cref="ReplicaId"/> has it.
/// </summary>
public readonly record struct ServiceKey(string App, string Service)
{
    /// <summary>The service a replica belongs to.</summary>
    public static ServiceKey Of(ReplicaId replica) => new(replica.App.App, replica.Service);

    public override string ToString() => $"{App}/{Service}";
}
