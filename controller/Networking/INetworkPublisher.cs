namespace Codemason.Controller.Networking;

/// <summary>Asks for an environment's network to be sent again to its connected nodes that lack the current one.</summary>
public interface INetworkPublisher
{
    /// <summary>Queues the environment (cheap; repeated calls coalesce).</summary>
    void Enqueue(string environment);
}
