namespace Codemason.Edge.Configuration;

/// <summary>
/// The contents of <c>edge.json</c>, the file the agent writes (atomically: temp file + rename) into the edge's
/// config directory. Unknown fields are ignored, so the agent may add optional ones.
/// </summary>
public sealed record EdgeConfig
{
    /// <summary>Opaque version of this configuration; echoed in <c>applied.json</c>.</summary>
    public string Version { get; init; } = "";

    public IReadOnlyList<EdgeRoute> Routes { get; init; } = [];

    public IReadOnlyList<EdgeCertificate> Certificates { get; init; } = [];

    public IReadOnlyList<EdgeChallenge> Challenges { get; init; } = [];
}
