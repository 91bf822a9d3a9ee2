using Codemason.Controller.Scheduling;

namespace Codemason.Controller.Tests.Scheduling;

internal static class ServiceKeys
{
    /// <summary>Replica <paramref name="index"/> (from 1) of the service in <paramref name="environment"/>.</summary>
    public static ReplicaId Replica(this ServiceKey key, string environment, int index) => new(new AppKey(environment, key.App), key.Service, index);
}
