namespace Codemason.Controller.Builds;

/// <summary>An app's git remote on the controller: a push to <see cref="DeployBranch"/> builds and deploys.</summary>
/// <param name="App">The app.</param>
/// <param name="DeployBranch">The branch whose commits deploy.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="CreatedBy">The token that created it.</param>
public sealed record GitRemote(AppKey App, string DeployBranch, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>The branch that deploys when none is chosen.</summary>
    public const string DefaultDeployBranch = "main";

    /// <summary>An outside repository whose <see cref="DeployBranch"/> the controller follows (GitOps); null = none.</summary>
    public string? FollowUrl { get; init; }

    /// <summary>How often the followed repository is fetched.</summary>
    public TimeSpan FollowInterval { get; init; }

    /// <summary>The last commit of the followed branch that was built (or tried); null before the first.</summary>
    public string? FollowedCommit { get; init; }
}
