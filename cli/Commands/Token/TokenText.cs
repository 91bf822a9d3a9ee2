using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Token;

/// <summary>How a token's role, environments and expiry read in the CLI's output. Pure.</summary>
internal static class TokenText
{
    /// <summary>The role named "admin", "deployer" or "viewer"; a usage error otherwise.</summary>
    public static TokenRole ParseRole(string text) =>
        Enum.GetValues<TokenRole>().Where(r => r != TokenRole.Unspecified).FirstOrDefault(r => Role(r) == text) is var role and not TokenRole.Unspecified
            ? role
            : throw new Errors.UsageException($"--role '{text}' is not a role", "use admin, deployer or viewer");

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
    public static string Expiry(ApiToken token) => LifetimeText.Expiry(token.ExpiresAt, "never expires");

    private static string Scope(ApiToken token) => token.Environments.Count == 0
        ? Role(token.Role)
        : $"{Role(token.Role)} in {string.Join(", ", token.Environments)}";
}
