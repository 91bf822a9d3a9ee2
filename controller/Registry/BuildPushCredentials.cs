using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Codemason.Controller.Registry;

/// <summary>
/// Registry credentials for one build (in memory, never stored): the agent that builds pushes its images with them,
/// and the token endpoint grants them pull and push on the app's repositories only (<c>&lt;env&gt;/&lt;app&gt;/…</c>),
/// until the build ends or the credential expires.
/// </summary>
public sealed class BuildPushCredentials(TimeProvider time)
{
    /// <summary>User names of build credentials start with this; no node id or API token name does.</summary>
    public const string UserPrefix = "build-";

    private readonly ConcurrentDictionary<string, Grant> _live = new(StringComparer.Ordinal);

    /// <summary>A credential for pushing <paramref name="app"/>'s images, valid for <paramref name="lifetime"/> or until <see cref="Revoke"/>.</summary>
    public (string User, string Password) Issue(AppKey app, TimeSpan lifetime)
    {
        var user = UserPrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        _live[user] = new Grant(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password)), app, time.GetUtcNow() + lifetime);
        return (user, password);
    }

    /// <summary>Ends a credential (the build is over).</summary>
    public void Revoke(string user) => _live.TryRemove(user, out _);

    /// <summary>The caller of a live credential, or null (unknown user, wrong password, expired).</summary>
    public RegistryCaller? Authenticate(string user, string password)
    {
        if (!_live.TryGetValue(user, out var grant))
        {
            return null;
        }
        if (grant.ExpiresAt <= time.GetUtcNow())
        {
            _live.TryRemove(user, out _);
            return null;
        }
        var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password));
        return CryptographicOperations.FixedTimeEquals(hash, grant.PasswordHash) ? RegistryCaller.ForBuild(user, grant.App) : null;
    }

    private sealed record Grant(byte[] PasswordHash, AppKey App, DateTimeOffset ExpiresAt);
}
