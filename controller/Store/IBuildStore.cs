using Codemason.Controller.Builds;

namespace Codemason.Controller.Store;

/// <summary>Builds from git pushes and the git remote of each app (docs/builds.md). Build output lives in files (<see cref="BuildLogs"/>).</summary>
public interface IBuildStore
{
    /// <summary>Records a push's build, queued.</summary>
    Task<BuildRecord> CreateBuildAsync(AppKey app, string commit, string branch, string createdBy, CancellationToken cancellationToken);

    /// <summary>Moves a build on: its state, and what is known by then (node, error, images, deployed revision). Times are set from the state.</summary>
    Task<BuildRecord> UpdateBuildAsync(long id, BuildState state, BuildUpdate update, CancellationToken cancellationToken);

    /// <summary>The build, or null.</summary>
    Task<BuildRecord?> GetBuildAsync(long id, CancellationToken cancellationToken);

    /// <summary>Builds newest first; <paramref name="app"/> null = every app of the environment, <paramref name="environment"/> null = everywhere.</summary>
    Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string? environment, string? app, int limit, CancellationToken cancellationToken);

    /// <summary>Marks builds a stopped controller left queued or building as failed; returns how many.</summary>
    Task<int> FailUnfinishedBuildsAsync(string reason, CancellationToken cancellationToken);

    /// <summary>Records the app's git remote and the branch that deploys; an existing one keeps its branch unless one is given.</summary>
    Task<GitRemote> SaveGitRemoteAsync(AppKey app, string? deployBranch, string createdBy, CancellationToken cancellationToken);

    /// <summary>The app's git remote, or null.</summary>
    Task<GitRemote?> GetGitRemoteAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>Makes the remote follow an outside repository's deploy branch every <paramref name="interval"/>; a null URL stops following.</summary>
    Task<GitRemote> SetFollowAsync(AppKey app, string? url, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>Every remote that follows an outside repository.</summary>
    Task<IReadOnlyList<GitRemote>> ListFollowingRemotesAsync(CancellationToken cancellationToken);

    /// <summary>Records the followed branch's commit that was built (or tried).</summary>
    Task RecordFollowedCommitAsync(AppKey app, string commit, CancellationToken cancellationToken);
}
