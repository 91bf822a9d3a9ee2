using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Codemason.Controller.Store;

/// <summary>
/// Issues and checks the controller's secrets: API tokens, join tokens and node credentials.
/// A secret is <c>&lt;prefix&gt;_&lt;id&gt;_&lt;256 random bits, base64url&gt;</c>; only the SHA-256 of the whole
/// string is stored. A plain hash (no salt, no stretching) is enough because the secret has 256 bits of
/// entropy: there is nothing to guess. The id locates the row; the hash is compared in constant time.
/// </summary>
public static class SecretTokens
{
    /// <summary>Prefix of API tokens (users, CLI).</summary>
    public const string ApiTokenPrefix = "cma";

    /// <summary>Prefix of environment join tokens (agents, first join).</summary>
    public const string JoinTokenPrefix = "cmj";

    /// <summary>Prefix of node credentials (agents, later sessions).</summary>
    public const string NodeCredentialPrefix = "cmn";

    private const int IdBytes = 8;
    private const int SecretBytes = 32;

    /// <summary>A new random id (16 lower-case hex characters).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));

    /// <summary>Makes a new secret with a new id.</summary>
    public static IssuedSecret Issue(string prefix) => Issue(prefix, NewId());

    /// <summary>Makes a new secret for a known id (node credentials carry the node id).</summary>
    public static IssuedSecret Issue(string prefix, string id)
    {
        var plaintext = $"{prefix}_{id}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(SecretBytes))}";
        return new IssuedSecret(id, plaintext, Hash(plaintext));
    }

    /// <summary>The id inside a presented secret, or null when the text is not a secret of this kind.</summary>
    public static string? TryGetId(string? presented, string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (presented is null || presented.Length < prefix.Length + 2 + (IdBytes * 2) + 1
            || !presented.StartsWith(prefix, StringComparison.Ordinal) || presented[prefix.Length] != '_')
        {
            return null;
        }
        var id = presented.Substring(prefix.Length + 1, IdBytes * 2);
        var separator = prefix.Length + 1 + (IdBytes * 2);
        return presented[separator] == '_' && id.All(char.IsAsciiHexDigitLower) ? id : null;
    }

    /// <summary>SHA-256 of the secret's UTF-8 bytes.</summary>
    public static byte[] Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    /// <summary>True when <paramref name="presented"/> hashes to <paramref name="storedHash"/>; compared in constant time.</summary>
    public static bool Matches(string presented, byte[] storedHash)
    {
        ArgumentNullException.ThrowIfNull(storedHash);
        return CryptographicOperations.FixedTimeEquals(Hash(presented), storedHash);
    }
}
