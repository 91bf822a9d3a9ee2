using System.Collections.Concurrent;
using Codemason.Controller.Builds;
using Codemason.Controller.Store;

namespace Codemason.Controller.Git;

/// <summary>
/// GitOps: fetches the outside repository each following remote names, every interval, and builds and deploys a new
/// commit of its deploy branch exactly as a push would (<see cref="PushDeployer"/>); the output goes to the build's log
/// (<c>mason builds logs APP</c>). A commit is tried once: a failed build waits for the next commit. One app's fetch or
/// build never holds up another's.
/// </summary>
public sealed partial class RepositoryFollower(
    IBuildStore builds,
    GitRepositories repositories,
    GitCommands git,
    PushDeployer deployer,
    TimeProvider time,
    ILogger<RepositoryFollower> logger) : BackgroundService
{
    /// <summary>Who a followed commit's builds and revisions name.</summary>
    public const string Actor = "gitops";

    private readonly ConcurrentDictionary<AppKey, DateTimeOffset> _checked = new();
    private readonly ConcurrentDictionary<AppKey, Task> _running = new();
    private readonly ConcurrentDictionary<AppKey, string> _lastProblem = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(FollowOptions.Tick, time);
        try
        {
            do
            {
                try
                {
                    await StartDueAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The store may be busy; the next tick tries again.
                    LogPassFailed(logger, ex.Message);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The controller is stopping.
        }
        await Task.WhenAll(_running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task StartDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var remote in await builds.ListFollowingRemotesAsync(cancellationToken))
        {
            if (_running.ContainsKey(remote.App) || (_checked.TryGetValue(remote.App, out var last) && now - last < remote.FollowInterval))
            {
                continue;
            }
            _checked[remote.App] = now;
            _running[remote.App] = Task.Run(async () =>
            {
                try
                {
                    await FollowOnceAsync(remote, cancellationToken);
                }
                finally
                {
                    _running.TryRemove(remote.App, out _);
                }
            }, CancellationToken.None);
        }
    }

    private async Task FollowOnceAsync(GitRemote remote, CancellationToken cancellationToken)
    {
        var app = remote.App;
        string commit;
        string repository;
        try
        {
            repository = await repositories.CreateAsync(app.Environment, app.App, cancellationToken);
            commit = await git.FetchBranchAsync(repository, remote.FollowUrl!, remote.DeployBranch, cancellationToken);
        }
        catch (GitCommandException ex)
        {
            // One line per new problem, not one per interval.
            if (!_lastProblem.TryGetValue(app, out var previous) || previous != ex.Message)
            {
                _lastProblem[app] = ex.Message;
                LogFetchFailed(logger, app.ToString(), remote.FollowUrl!, remote.DeployBranch, ex.Message);
            }
            return;
        }
        _lastProblem.TryRemove(app, out _);
        if (commit == remote.FollowedCommit)
        {
            return;
        }
        await builds.RecordFollowedCommitAsync(app, commit, cancellationToken);
        LogNewCommit(logger, app.ToString(), remote.DeployBranch, commit);
        try
        {
            var source = new GitCommitSource(git, GitObjects.Of(repository), commit);
            await deployer.DeployAsync(new PushedCommit(app, remote.DeployBranch, commit, Actor, source), TextWriter.Null, cancellationToken);
        }
        catch (Exception ex) when (ex is GitCommandException or IOException or Errors.ControllerException)
        {
            LogDeployFailed(logger, app.ToString(), commit, ex.Message);
        }
    }

    [LoggerMessage(5100, LogLevel.Warning, "Following {App}: fetching {Branch} of {Url} failed: {Reason}")]
    private static partial void LogFetchFailed(ILogger logger, string app, string url, string branch, string reason);

    [LoggerMessage(5101, LogLevel.Information, "Following {App}: {Branch} is at {Commit}; building and deploying it")]
    private static partial void LogNewCommit(ILogger logger, string app, string branch, string commit);

    [LoggerMessage(5102, LogLevel.Warning, "Following {App}: commit {Commit} was not deployed: {Reason}")]
    private static partial void LogDeployFailed(ILogger logger, string app, string commit, string reason);

    [LoggerMessage(5103, LogLevel.Warning, "Following repositories: a pass failed and is retried: {Reason}")]
    private static partial void LogPassFailed(ILogger logger, string reason);
}
