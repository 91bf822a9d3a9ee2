using Codemason.Controller.Auth;
using Codemason.Controller.Store;

namespace Codemason.Controller.Registry;

/// <summary>Who asked the token endpoint for a registry token, and what the rules let it do.</summary>
/// <param name="Subject">The token's <c>sub</c>: the API token's name, or <c>node:&lt;id&gt;</c>.</param>
/// <param name="Unscoped">Whether it acts in every environment (an admin, or the controller itself).</param>
/// <param name="Environments">Where it acts when it is not unscoped.</param>
/// <param name="Actions">What it may do to repositories there.</param>
/// <param name="App">When set, only that app's repositories of its environment (<c>&lt;env&gt;/&lt;app&gt;/…</c>): a build's credential.</param>
public sealed record RegistryCaller(string Subject, bool Unscoped, IReadOnlySet<string> Environments, IReadOnlyList<string> Actions, string? App = null)
{
    private static readonly string[] PullOnly = [RegistryAccess.Pull];
    private static readonly string[] PullPush = [RegistryAccess.Pull, RegistryAccess.Push];
    private static readonly string[] Everything = [RegistryAccess.Pull, RegistryAccess.Push, RegistryAccess.Delete, "*"];

    /// <summary>An API token, by the roles of <see cref="ApiRole"/>: viewer pulls, deployer pulls and pushes in its environments, admin does everything everywhere.</summary>
    public static RegistryCaller FromApiToken(ApiTokenIdentity token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var caller = new ApiCaller(token);
        return new RegistryCaller(token.Name, caller.IsUnscoped, token.Environments, token.Role switch
        {
            ApiRole.Admin => Everything,
            ApiRole.Deployer => PullPush,
            _ => PullOnly,
        });
    }

    /// <summary>A node: pulls in its own environment only.</summary>
    public static RegistryCaller FromNode(NodeIdentity node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new RegistryCaller($"node:{node.NodeId}", false, new HashSet<string>(StringComparer.Ordinal) { node.Environment }, PullOnly);
    }

    /// <summary>A build: pulls and pushes the images of its app only.</summary>
    public static RegistryCaller ForBuild(string subject, AppKey app) =>
        new(subject, false, new HashSet<string>(StringComparer.Ordinal) { app.Environment }, PullPush, app.App);

    /// <summary>The controller's own calls (pruning): everything everywhere.</summary>
    public static RegistryCaller Controller(string subject) =>
        new(subject, true, new HashSet<string>(StringComparer.Ordinal), Everything);
}
