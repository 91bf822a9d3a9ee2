using System.Collections.Frozen;
using Codemason.Edge.Configuration;
using Codemason.Edge.Tls;

namespace Codemason.Edge.Routing;

/// <summary>
/// One applied configuration, compiled for lookups: routes by host (longest path prefix first), certificates by host,
/// challenge answers by token. Immutable; the edge swaps whole snapshots.
/// </summary>
internal sealed class EdgeSnapshot
{
    private EdgeSnapshot(
        string? version,
        FrozenDictionary<string, EdgeRoute[]> routesByHost,
        CertificateSet certificates,
        FrozenDictionary<string, string> challenges,
        EdgeConfig config)
    {
        Version = version;
        RoutesByHost = routesByHost;
        Certificates = certificates;
        Challenges = challenges;
        Config = config;
    }

    /// <summary>Before any file was applied: nothing is routed.</summary>
    public static EdgeSnapshot Empty { get; } = new(
        null,
        FrozenDictionary<string, EdgeRoute[]>.Empty,
        CertificateSet.Empty,
        FrozenDictionary<string, string>.Empty,
        new EdgeConfig());

    public string? Version { get; }

    /// <summary>Routes per host (case-insensitive), their paths normalized (<see cref="PathPrefix.Normalize"/>), longest first.</summary>
    public FrozenDictionary<string, EdgeRoute[]> RoutesByHost { get; }

    public CertificateSet Certificates { get; }

    public FrozenDictionary<string, string> Challenges { get; }

    public EdgeConfig Config { get; }

    /// <summary>Validates and compiles a configuration; returns every error when it cannot be served.</summary>
    public static EdgeSnapshot? TryCreate(EdgeConfig config, out IReadOnlyList<string> errors)
    {
        var problems = new List<string>(EdgeConfigValidator.Validate(config));
        if (problems.Count > 0)
        {
            errors = problems;
            return null;
        }

        var certificates = CertificateSet.Create(config.Certificates, problems);
        if (problems.Count > 0)
        {
            errors = problems;
            return null;
        }

        // Normalized once here, not per request.
        var routes = config.Routes
            .Select(route => route with { Path = PathPrefix.Normalize(route.Path) })
            .GroupBy(route => route.Host, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(
                group => group.Key,
                group => group.OrderByDescending(route => route.Path.Length).ToArray(),
                StringComparer.OrdinalIgnoreCase);
        var challenges = config.Challenges.ToFrozenDictionary(c => c.Token, c => c.KeyAuthorization, StringComparer.Ordinal);
        errors = [];
        return new EdgeSnapshot(config.Version, routes, certificates, challenges, config);
    }

    public bool HasRoutesFor(string host) => RoutesByHost.ContainsKey(host);
}
