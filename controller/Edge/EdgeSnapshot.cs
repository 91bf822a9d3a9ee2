using Codemason.Acme;

namespace Codemason.Controller.Edge;

/// <summary>Everything an environment's edges are made of, read in one snapshot of the store.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Apps">The routes of its live apps' current revisions, by app (apps without routes left out).</param>
/// <param name="Replicas">Its running replicas.</param>
public sealed record EdgeSnapshot(string Environment, IReadOnlyList<EdgeNode> Nodes, IReadOnlyList<AppRoutes> Apps, IReadOnlyList<EdgeReplica> Replicas)
{
    /// <summary>The environment's certificates with their keys, by host (docs/edge.md, "Certificates"); none by default.</summary>
    public IReadOnlyList<EdgeHostCertificate> Certificates { get; init; } = [];

    /// <summary>
    /// The ACME HTTP-01 answers the environment's edges serve now (<see cref="EdgeChallenges"/>: open orders only, never
    /// stored); none by default.
    /// </summary>
    public IReadOnlyList<AcmeHttpChallenge> Challenges { get; init; } = [];
}
