namespace Codemason.Controller.Store;

/// <summary>
/// API tokens: issued with a name (the "who" of revisions), returned in plaintext once, stored as SHA-256 hashes.
/// Used by <see cref="Auth.ApiAuthenticationMiddleware"/> to authenticate API calls. Join tokens belong to
/// <see cref="IEnvironmentStore"/>, node credentials to <see cref="INodeStore"/>.
/// </summary>
public interface ITokenStore
{
    /// <summary>Issues an API token with a name (the "who" of revisions); returns its plaintext once.</summary>
    Task<string> CreateApiTokenAsync(string name, CancellationToken cancellationToken);

    /// <summary>The token's identity, or null when it is unknown, revoked or malformed.</summary>
    Task<ApiTokenIdentity?> ValidateApiTokenAsync(string presented, CancellationToken cancellationToken);
}
