using Codemason.Controller.Edge;

namespace Codemason.Controller.Store;

/// <summary>What the edge publisher reads from the store (docs/edge.md).</summary>
public interface IEdgeStore
{
    /// <summary>The environment's nodes, the routes of its live apps' current revisions, its running replicas and its certificates (with keys), read together.</summary>
    Task<EdgeSnapshot> GetEdgeSnapshotAsync(string environment, CancellationToken cancellationToken);
}
