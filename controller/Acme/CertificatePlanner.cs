using System.Net;
using Codemason.Acme;
using Codemason.Controller.Edge;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Acme;

/// <summary>
/// Which hosts of an environment ACME looks after, and when each is due (pure): every host of an https route (the
/// route table the edges serve) that no uploaded certificate covers, itself or as a wildcard one level up. Wildcard
/// hosts (DNS-01 only) and IP literals (no HTTP-01 for them at public CAs) are left to uploads. Each host is planned
/// with <see cref="CertificateRenewal.Plan"/> from its ACME row (its validity and its failures in a row) and the
/// server's <c>Retry-After</c> of its last failure, when there was one.
/// </summary>
public static class CertificatePlanner
{
    /// <summary>
    /// The plan of every ACME host of <paramref name="routes"/>, by host, given the environment's <paramref name="stored"/>
    /// certificates and, by host, the earliest retry the server asked for (<paramref name="serverRetryAt"/>; none by default).
    /// </summary>
    public static IReadOnlyList<HostRenewal> Plan(IReadOnlyList<RouteEntry> routes, IReadOnlyList<HostCertificate> stored, DateTimeOffset now,
        IReadOnlyDictionary<string, DateTimeOffset>? serverRetryAt = null)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(stored);
        var byHost = stored.ToDictionary(c => c.Host, StringComparer.OrdinalIgnoreCase);
        return [.. routes
            .Where(r => r.Spec.Protocol == RouteProtocol.Https)
            .Select(r => r.Spec.Host.ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Where(h => !h.Contains('*', StringComparison.Ordinal) && !IPAddress.TryParse(h, out _) && !Uploaded(byHost, h))
            .Order(StringComparer.Ordinal)
            .Select(host =>
            {
                var row = byHost.GetValueOrDefault(host);
                DateTimeOffset? retryAt = serverRetryAt?.TryGetValue(host, out var at) == true ? at : null;
                return new HostRenewal(host,
                    CertificateRenewal.Plan(row?.NotBefore, row?.NotAfter, row?.FailedAttempts ?? 0, row?.LastFailureAt, now, retryAt));
            })];
    }

    /// <summary>Whether an uploaded certificate serves <paramref name="host"/>, as the edge chooses by SNI.</summary>
    private static bool Uploaded(Dictionary<string, HostCertificate> byHost, string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return byHost.GetValueOrDefault(host) is { Source: CertificateSource.Uploaded }
            || (dot > 0 && byHost.GetValueOrDefault("*" + host[dot..]) is { Source: CertificateSource.Uploaded });
    }
}
