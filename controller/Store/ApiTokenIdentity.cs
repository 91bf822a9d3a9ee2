using Codemason.Controller.Auth;

namespace Codemason.Controller.Store;

/// <summary>A live (not revoked) API token, without its secret.</summary>
/// <param name="Id">Public id: the part of the token before its secret.</param>
/// <param name="Name">Unique among live tokens; the "who" of revisions and events.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Environments">Where a deployer or viewer acts; empty for an admin.</param>
/// <param name="CreatedAt">When it was issued.</param>
/// <param name="ExpiresAt">When it stops working; null: never.</param>
public sealed record ApiTokenIdentity(
    string Id,
    string Name,
    ApiRole Role,
    IReadOnlySet<string> Environments,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt)
{
    /// <summary>Whether it has expired at <paramref name="now"/>.</summary>
    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;
}
