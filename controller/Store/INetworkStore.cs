using Codemason.Controller.Networking;

namespace Codemason.Controller.Store;

/// <summary>The environments' overlay networks as they are now (docs/networking.md). Used by <see cref="Networking.NetworkPublisher"/>.</summary>
public interface INetworkStore
{
    /// <summary>An environment's subnet, nodes, services and addressed replicas, read in one snapshot. Unknown environment: <c>NotFoundException</c>.</summary>
    Task<NetworkSnapshot> GetNetworkSnapshotAsync(string environment, CancellationToken cancellationToken);
}
