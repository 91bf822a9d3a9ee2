using Codemason.Controller.Store;

namespace Codemason.Controller.Auth;

/// <summary>
/// The authenticated caller of a public API call: the live API token it presented, with its name (the "who" of
/// revisions and events), its role and, for a deployer or viewer, the environments it acts in.
/// </summary>
public sealed record ApiCaller(ApiTokenIdentity Token)
{
    /// <summary>The token's public id.</summary>
    public string TokenId => Token.Id;

    /// <summary>The token's name.</summary>
    public string Name => Token.Name;

    /// <summary>The token's role.</summary>
    public ApiRole Role => Token.Role;

    /// <summary>Where a deployer or viewer acts; empty for an admin.</summary>
    public IReadOnlySet<string> Environments => Token.Environments;

    /// <summary>Whether the caller may act in every environment (an admin).</summary>
    public bool IsUnscoped => Role == ApiRole.Admin;

    /// <summary>Whether the caller may see or act in <paramref name="environment"/>, role aside.</summary>
    public bool Covers(string environment) => IsUnscoped || Environments.Contains(environment);

    /// <summary>How the caller reads in an error: <c>token "ci" (deployer in staging)</c>.</summary>
    public string Describe() => IsUnscoped
        ? $"token \"{Name}\" (admin)"
        : $"token \"{Name}\" ({ApiRoles.Format(Role)} in {string.Join(", ", Environments.Order(StringComparer.Ordinal))})";
}
