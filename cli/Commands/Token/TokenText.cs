using System.Globalization;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Token;

/// <summary>How a token's role, environments and expiry read in the CLI's output. Pure.</summary>
internal static class TokenText
{
    /// <summary>"admin", "deployer", "viewer".</summary>
    public static string Role(TokenRole role) => role switch
    {
        TokenRole.Admin => "admin",
        TokenRole.Deployer => "deployer",
        TokenRole.Viewer => "viewer",
        _ => "?",
    };

    /// <summary>"token ci (deployer in staging)".</summary>
    public static string Describe(ApiToken token) => $"token {token.Name} ({Scope(token)})";

    /// <summary>"deployer in staging, expires 2027-03-05 10:00 UTC".</summary>
    public static string Access(ApiToken token) => $"{Scope(token)}, {Expiry(token)}";

    /// <summary>"never expires" or "expires 2027-03-05 10:00 UTC".</summary>
    public static string Expiry(ApiToken token) => token.ExpiresAt is null
        ? "never expires"
        : "expires " + token.ExpiresAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string Scope(ApiToken token) => token.Environments.Count == 0
        ? Role(token.Role)
        : $"{Role(token.Role)} in {string.Join(", ", token.Environments)}";
}
