namespace Codemason.Controller.Builds;

/// <summary>An app's git remote on the controller: a push to <see cref="DeployBranch"/> builds and deploys.</summary>
public sealed record GitRemote(AppKey App, string DeployBranch, DateTimeOffset CreatedAt, string CreatedBy)
{
    /// <summary>The branch that deploys when none is chosen.</summary>
    public const string DefaultDeployBranch = "main";
}
