namespace Codemason.Controller.Dispatch;

/// <summary>
/// Keeps a part of what every connected node of an environment must know (its network, its registry) current on their
/// sessions; a new session asks each publisher for its environment.
/// </summary>
public interface ISessionStatePublisher
{
    /// <summary>Queues the environment: its connected nodes that lack the current state get it (cheap; repeated calls coalesce).</summary>
    void Enqueue(string environment);
}
