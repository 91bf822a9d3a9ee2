using Codemason.Controller.Auth;
using Codemason.Controller.Errors;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <summary>The name of the API token made on first start.</summary>
    public const string BootstrapTokenName = "admin";

    /// <summary>Called under the write lock during initialisation.</summary>
    private string? CreateBootstrapTokenIfNone()
    {
        var writer = _writer!;
        using var transaction = writer.BeginTransaction();
        var context = new StoreWriteContext(writer, transaction, _revision + 1, _time.GetUtcNow());
        if (context.ScalarLong("SELECT COUNT(*) FROM api_tokens") > 0)
        {
            return null;
        }
        var token = InsertApiToken(context, new ApiTokenDraft(BootstrapTokenName, ApiRole.Admin, [], null, "")).Secret;
        context.Execute("UPDATE store_meta SET value = $revision WHERE key = 'revision'", ("$revision", context.Revision));
        transaction.Commit();
        _revision = context.Revision;
        Log.BootstrapTokenCreated(_logger);
        return token;
    }

    /// <inheritdoc />
    public Task<EnvironmentCreated> CreateEnvironmentAsync(string name, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(context =>
        {
            if (context.Scalar("SELECT 1 FROM environments WHERE name = $name", ("$name", name)) is not null)
            {
                throw new AlreadyExistsException($"environment \"{name}\" exists already");
            }
            context.Execute(
                "INSERT INTO environments (name, created_at, revision) VALUES ($name, $at, $revision)",
                ("$name", name), ("$at", context.NowMs), ("$revision", context.Revision));
            _ = EnsureEnvironmentSubnet(context, name) ?? throw PoolFull(_network);
            var token = InsertJoinToken(context, name, JoinTokenLimits.Default).Token;
            var environment = StoreQueries.LoadEnvironment(context, name)!;
            context.AddChange(ResourceKind.Environment, ChangeType.Added, name, "", name, environment);
            context.AddEvent(new NewEvent("environment-created", $"environment {name} created", Environment: name));
            return new EnvironmentCreated(environment, token, context.Revision);
        }, cancellationToken);
    }

    private static IssuedJoinToken InsertJoinToken(StoreWriteContext context, string environment, JoinTokenLimits limits)
    {
        if (limits.Lifetime <= TimeSpan.Zero || limits.Lifetime > JoinTokenLimits.MaxLifetime)
        {
            throw new InvalidRequestException($"a join token must live more than 0 s and at most {JoinTokenLimits.MaxLifetime.TotalDays:0} days");
        }
        if (limits.MaxUses < 0)
        {
            throw new InvalidRequestException("the number of uses of a join token cannot be negative");
        }
        var secret = SecretTokens.Issue(SecretTokens.JoinTokenPrefix);
        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(context.NowMs) + limits.Lifetime;
        context.Execute(
            """
            INSERT INTO join_tokens (id, environment, hash, created_at, revoked_at, revision, expires_at, max_uses, uses)
            VALUES ($id, $environment, $hash, $at, NULL, $revision, $expires, $max, 0)
            """,
            ("$id", secret.Id), ("$environment", environment), ("$hash", secret.Hash), ("$at", context.NowMs), ("$revision", context.Revision),
            ("$expires", expiresAt.ToUnixTimeMilliseconds()), ("$max", limits.MaxUses));
        context.Touch();
        return new IssuedJoinToken(secret.Plaintext, expiresAt, limits.MaxUses);
    }

    /// <inheritdoc />
    public Task<Proto.V1.Environment?> GetEnvironmentAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(session => StoreQueries.LoadEnvironment(session, name), cancellationToken);

    /// <inheritdoc />
    public Task<Listing<Proto.V1.Environment>> ListEnvironmentsAsync(CancellationToken cancellationToken) =>
        ReadAsync(session => new Listing<Proto.V1.Environment>(StoreQueries.ListEnvironments(session), session.ReadMeta("revision")), cancellationToken);

    /// <inheritdoc />
    public Task<bool> EnvironmentExistsAsync(string name, CancellationToken cancellationToken) =>
        ReadAsync(session => session.Scalar("SELECT 1 FROM environments WHERE name = $name", ("$name", name)) is not null, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListEnvironmentNamesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<string>>(session => session.Query("SELECT name FROM environments ORDER BY name", r => r.GetString(0)), cancellationToken);

    /// <inheritdoc />
    public Task<HostPolicyRules?> GetHostPolicyAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync(session => StoreQueries.LoadHostPolicy(session, environment) is { } policy
            ? new HostPolicyRules(environment, policy.AllowPrivileged, policy.AllowedBindPaths)
            : null, cancellationToken);

    /// <inheritdoc />
    public Task<Proto.V1.Environment> SetHostPolicyAsync(HostPolicyRules policy, string actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return WriteAsync(context =>
        {
            RequireEnvironment(context, policy.Environment);
            var paths = policy.AllowedBindPaths.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            context.Execute(
                "UPDATE environments SET allow_privileged = $privileged, allowed_bind_paths = $paths, revision = $revision WHERE name = $name",
                ("$privileged", policy.AllowPrivileged ? 1 : 0), ("$paths", StoreJson.List(paths)), ("$revision", context.Revision), ("$name", policy.Environment));
            var environment = StoreQueries.LoadEnvironment(context, policy.Environment)!;
            context.AddChange(ResourceKind.Environment, ChangeType.Modified, policy.Environment, "", policy.Environment, environment);
            var allowed = paths.Length == 0 ? "no bind paths" : "bind paths " + string.Join(", ", paths);
            context.AddEvent(new NewEvent(
                "policy-changed",
                $"host policy of {policy.Environment} set by {actor}: privileged {(policy.AllowPrivileged ? "allowed" : "forbidden")}, {allowed}",
                Environment: policy.Environment,
                Actor: actor));
            return environment;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<string> IssueJoinTokenAsync(string environment, bool rotate, CancellationToken cancellationToken) =>
        (await IssueJoinTokenAsync(environment, rotate, JoinTokenLimits.Default, cancellationToken)).Token;

    /// <inheritdoc />
    public Task<Proto.V1.Environment> SetRequireApprovalAsync(string environment, bool requireApproval, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            RequireEnvironment(context, environment);
            var updated = context.Execute(
                "UPDATE environments SET require_approval = $value, revision = $revision WHERE name = $name AND require_approval != $value",
                ("$value", requireApproval ? 1 : 0), ("$revision", context.Revision), ("$name", environment));
            var value = StoreQueries.LoadEnvironment(context, environment)!;
            if (updated > 0)
            {
                context.AddChange(ResourceKind.Environment, ChangeType.Modified, environment, "", environment, value);
                context.AddEvent(new NewEvent(
                    "environment-approval",
                    requireApproval ? $"new nodes of {environment} wait for approval" : $"new nodes of {environment} join without approval",
                    Environment: environment));
            }
            return value;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IssuedJoinToken> IssueJoinTokenAsync(string environment, bool rotate, JoinTokenLimits limits, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            RequireEnvironment(context, environment);
            if (rotate)
            {
                context.Execute(
                    "UPDATE join_tokens SET revoked_at = $at, revision = $revision WHERE environment = $environment AND revoked_at IS NULL",
                    ("$at", context.NowMs), ("$revision", context.Revision), ("$environment", environment));
                context.AddEvent(new NewEvent("join-token-rotated", $"join tokens of {environment} rotated; earlier tokens no longer work", Environment: environment));
            }
            return InsertJoinToken(context, environment, limits);
        }, cancellationToken);
}
