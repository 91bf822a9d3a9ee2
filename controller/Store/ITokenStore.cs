namespace Codemason.Controller.Store;

/// <summary>
/// API tokens: issued with a name (the "who" of revisions), a role, environments and an expiry; returned in plaintext
/// once, stored as SHA-256 hashes. Used by <see cref="Auth.ApiAuthenticationMiddleware"/> to authenticate API calls.
/// Join tokens belong to <see cref="IEnvironmentStore"/>, node credentials to <see cref="INodeStore"/>.
/// </summary>
public interface ITokenStore
{
    /// <summary>
    /// Issues a token; returns it with its plaintext, shown once. A live token with the name: <c>AlreadyExistsException</c>;
    /// an environment that does not exist: <c>NotFoundException</c>.
    /// </summary>
    Task<IssuedApiToken> CreateApiTokenAsync(ApiTokenDraft draft, CancellationToken cancellationToken);

    /// <summary>The live tokens (expired ones included), by name.</summary>
    Task<IReadOnlyList<ApiTokenIdentity>> ListApiTokensAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Revokes the live token with the name. None: <c>NotFoundException</c>; the last admin token that has not
    /// expired: <c>FailedPreconditionException</c> (nobody could manage the controller any more).
    /// </summary>
    Task<ApiTokenIdentity> RevokeApiTokenAsync(string name, string actor, CancellationToken cancellationToken);

    /// <summary>The live token the secret belongs to (check <see cref="ApiTokenIdentity.IsExpired"/>), or null when it is unknown, revoked or malformed.</summary>
    Task<ApiTokenIdentity?> ValidateApiTokenAsync(string presented, CancellationToken cancellationToken);
}
