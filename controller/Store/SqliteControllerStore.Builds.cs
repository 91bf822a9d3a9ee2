using Codemason.Controller.Builds;
using Codemason.Controller.Errors;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    private const string BuildColumns =
        "id, environment, app, commit_sha, branch, state, node_id, created_at, started_at, finished_at, error, images, app_revision, created_by";

    /// <inheritdoc />
    public Task<BuildRecord> CreateBuildAsync(AppKey app, string commit, string branch, string createdBy, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            context.Execute(
                """
                INSERT INTO builds (environment, app, commit_sha, branch, state, created_at, created_by)
                VALUES ($environment, $app, $commit, $branch, $state, $at, $by)
                """,
                ("$environment", app.Environment), ("$app", app.App), ("$commit", commit), ("$branch", branch),
                ("$state", (int)BuildState.Queued), ("$at", context.NowMs), ("$by", createdBy));
            var id = context.ScalarLong("SELECT last_insert_rowid()");
            return context.QuerySingle($"SELECT {BuildColumns} FROM builds WHERE id = $id", ReadBuild, ("$id", id))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<BuildRecord> UpdateBuildAsync(long id, BuildState state, BuildUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        return WriteAsync(context =>
        {
            var changed = context.Execute(
                """
                UPDATE builds SET
                    state = $state,
                    node_id = COALESCE($node, node_id),
                    error = COALESCE($error, error),
                    images = COALESCE($images, images),
                    app_revision = COALESCE($revision, app_revision),
                    started_at = CASE WHEN $state = 1 AND started_at IS NULL THEN $now ELSE started_at END,
                    finished_at = CASE WHEN $state >= 2 THEN $now ELSE finished_at END
                WHERE id = $id
                """,
                ("$id", id), ("$state", (int)state), ("$node", update.Node), ("$error", update.Error),
                ("$images", update.Images is null ? null : StoreJson.Map(update.Images)), ("$revision", update.AppRevision), ("$now", context.NowMs));
            if (changed == 0)
            {
                throw new NotFoundException($"build {id} does not exist");
            }
            return context.QuerySingle($"SELECT {BuildColumns} FROM builds WHERE id = $id", ReadBuild, ("$id", id))!;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<BuildRecord?> GetBuildAsync(long id, CancellationToken cancellationToken) =>
        ReadAsync(session => session.QuerySingle($"SELECT {BuildColumns} FROM builds WHERE id = $id", ReadBuild, ("$id", id)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BuildRecord>> ListBuildsAsync(string? environment, string? app, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<BuildRecord>>(session => session.Query(
            $"""
            SELECT {BuildColumns} FROM builds
            WHERE ($environment IS NULL OR environment = $environment) AND ($app IS NULL OR app = $app)
            ORDER BY id DESC LIMIT $limit
            """,
            ReadBuild, ("$environment", environment), ("$app", app), ("$limit", Math.Max(1, limit))), cancellationToken);

    /// <inheritdoc />
    public Task<int> FailUnfinishedBuildsAsync(string reason, CancellationToken cancellationToken) =>
        WriteAsync(context => context.Execute(
            "UPDATE builds SET state = $failed, error = $reason, finished_at = $now WHERE state IN ($queued, $building)",
            ("$failed", (int)BuildState.Failed), ("$reason", reason), ("$now", context.NowMs),
            ("$queued", (int)BuildState.Queued), ("$building", (int)BuildState.Building)), cancellationToken);

    /// <inheritdoc />
    public Task<GitRemote> SaveGitRemoteAsync(AppKey app, string? deployBranch, string createdBy, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            if (context.Scalar("SELECT 1 FROM environments WHERE name = $name", ("$name", app.Environment)) is null)
            {
                throw new NotFoundException($"environment \"{app.Environment}\" does not exist");
            }
            context.Execute(
                """
                INSERT INTO git_remotes (environment, app, deploy_branch, created_at, created_by)
                VALUES ($environment, $app, $branch, $at, $by)
                ON CONFLICT (environment, app) DO UPDATE SET deploy_branch = COALESCE($chosen, deploy_branch)
                """,
                ("$environment", app.Environment), ("$app", app.App), ("$branch", deployBranch ?? GitRemote.DefaultDeployBranch),
                ("$chosen", deployBranch), ("$at", context.NowMs), ("$by", createdBy));
            return context.QuerySingle(
                $"SELECT {RemoteColumns} FROM git_remotes WHERE environment = $environment AND app = $app",
                ReadRemote, ("$environment", app.Environment), ("$app", app.App))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<GitRemote?> GetGitRemoteAsync(AppKey app, CancellationToken cancellationToken) =>
        ReadAsync(session => session.QuerySingle(
            $"SELECT {RemoteColumns} FROM git_remotes WHERE environment = $environment AND app = $app",
            ReadRemote, ("$environment", app.Environment), ("$app", app.App)), cancellationToken);

    /// <inheritdoc />
    public Task<GitRemote> SetFollowAsync(AppKey app, string? url, TimeSpan interval, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var changed = context.Execute(
                """
                UPDATE git_remotes SET follow_url = $url, follow_interval_ms = $interval,
                    followed_commit = CASE WHEN follow_url IS $url THEN followed_commit ELSE NULL END
                WHERE environment = $environment AND app = $app
                """,
                ("$url", url), ("$interval", url is null ? null : (long)interval.TotalMilliseconds),
                ("$environment", app.Environment), ("$app", app.App));
            if (changed == 0)
            {
                throw new NotFoundException($"app \"{app.App}\" in environment \"{app.Environment}\" has no git remote (mason create {app.App})");
            }
            return context.QuerySingle($"SELECT {RemoteColumns} FROM git_remotes WHERE environment = $environment AND app = $app",
                ReadRemote, ("$environment", app.Environment), ("$app", app.App))!;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<GitRemote>> ListFollowingRemotesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<GitRemote>>(session => session.Query(
            $"SELECT {RemoteColumns} FROM git_remotes WHERE follow_url IS NOT NULL ORDER BY environment, app", ReadRemote), cancellationToken);

    /// <inheritdoc />
    public Task RecordFollowedCommitAsync(AppKey app, string commit, CancellationToken cancellationToken) =>
        WriteAsync(context => context.Execute(
            "UPDATE git_remotes SET followed_commit = $commit WHERE environment = $environment AND app = $app",
            ("$commit", commit), ("$environment", app.Environment), ("$app", app.App)), cancellationToken);

    private const string RemoteColumns = "environment, app, deploy_branch, created_at, created_by, follow_url, follow_interval_ms, followed_commit";

    private static GitRemote ReadRemote(SqliteDataReader r) =>
        new(new AppKey(r.GetString(0), r.GetString(1)), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)), r.GetString(4))
        {
            FollowUrl = r.IsDBNull(5) ? null : r.GetString(5),
            FollowInterval = r.IsDBNull(6) ? TimeSpan.Zero : TimeSpan.FromMilliseconds(r.GetInt64(6)),
            FollowedCommit = r.IsDBNull(7) ? null : r.GetString(7),
        };

    private static BuildRecord ReadBuild(SqliteDataReader r) => new(
        r.GetInt64(0),
        new AppKey(r.GetString(1), r.GetString(2)),
        r.GetString(3),
        r.GetString(4),
        (BuildState)r.GetInt32(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
        r.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(8)),
        r.IsDBNull(9) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(9)),
        r.GetString(10),
        StoreJson.ReadMap(r.GetString(11)),
        r.GetInt64(12),
        r.GetString(13));
}
