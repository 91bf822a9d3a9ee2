using Codemason.Controller.Builds;

namespace Codemason.Controller.Git;

/// <summary>
/// The push receiver of the controller: every branch a push updates goes to <see cref="PushDeployer"/>, which builds
/// and deploys the app's deploy branch and stores the others. Deleting a branch, and tags, are accepted as they are.
/// One refusal refuses the whole push (git applies a push's refs together).
/// </summary>
public sealed class DeployingPushReceiver(PushDeployer deployer, GitCommands git) : IPushReceiver
{
    /// <inheritdoc />
    public async Task<PushVerdict> ReceiveAsync(GitPush push, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        var app = new AppKey(push.Environment, push.App);
        foreach (var update in push.Updates.Where(u => u.Branch is not null && !u.IsDelete))
        {
            var commit = new PushedCommit(app, update.Branch!, update.NewId, push.Caller.Name, new GitCommitSource(git, push.Objects, update.NewId));
            if (!await deployer.DeployAsync(commit, output, cancellationToken))
            {
                return PushVerdict.Refuse($"push refused: {update.Branch} of {push.App} was not deployed (see above)");
            }
        }
        return PushVerdict.Accept();
    }
}
