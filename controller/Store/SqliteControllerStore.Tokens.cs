using Codemason.Controller.Auth;
using Codemason.Controller.Errors;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    private const string TokenColumns = "id, name, role, environments, created_at, expires_at";

    private static IssuedApiToken InsertApiToken(StoreWriteContext context, ApiTokenDraft draft)
    {
        if (context.Scalar("SELECT 1 FROM api_tokens WHERE name = $name AND revoked_at IS NULL", ("$name", draft.Name)) is not null)
        {
            throw new AlreadyExistsException($"a token named \"{draft.Name}\" exists already; revoke it first or choose another name");
        }
        foreach (var environment in draft.Environments)
        {
            if (context.Scalar("SELECT 1 FROM environments WHERE name = $name", ("$name", environment)) is null)
            {
                throw new NotFoundException($"environment \"{environment}\" does not exist");
            }
        }
        var secret = SecretTokens.Issue(SecretTokens.ApiTokenPrefix);
        var environments = draft.Environments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        context.Execute(
            """
            INSERT INTO api_tokens (id, name, hash, created_at, revoked_at, revision, role, environments, expires_at)
            VALUES ($id, $name, $hash, $at, NULL, $revision, $role, $environments, $expires)
            """,
            ("$id", secret.Id), ("$name", draft.Name), ("$hash", secret.Hash), ("$at", context.NowMs), ("$revision", context.Revision),
            ("$role", (int)draft.Role), ("$environments", StoreJson.List(environments)), ("$expires", draft.ExpiresAt?.ToUnixTimeMilliseconds()));
        if (draft.Actor.Length > 0)
        {
            context.AddEvent(new NewEvent("token-created", $"API token {draft.Name} ({ApiRoles.Format(draft.Role)}) created by {draft.Actor}", Actor: draft.Actor));
        }
        context.Touch();
        var token = new ApiTokenIdentity(secret.Id, draft.Name, draft.Role, environments.ToHashSet(StringComparer.Ordinal), context.Now, draft.ExpiresAt);
        return new IssuedApiToken(token, secret.Plaintext);
    }

    /// <inheritdoc />
    public Task<IssuedApiToken> CreateApiTokenAsync(ApiTokenDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentException.ThrowIfNullOrWhiteSpace(draft.Name);
        return WriteAsync(context => InsertApiToken(context, draft), cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiTokenIdentity>> ListApiTokensAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ApiTokenIdentity>>(session => session.Query(
            $"SELECT {TokenColumns} FROM api_tokens WHERE revoked_at IS NULL ORDER BY name",
            ReadToken), cancellationToken);

    /// <inheritdoc />
    public Task<ApiTokenIdentity> RevokeApiTokenAsync(string name, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return WriteAsync(context =>
        {
            var token = context.QuerySingle($"SELECT {TokenColumns} FROM api_tokens WHERE name = $name AND revoked_at IS NULL", ReadToken, ("$name", name))
                ?? throw new NotFoundException($"no live token is named \"{name}\" (see mason token list)");
            if (token.Role == ApiRole.Admin && context.ScalarLong(
                    "SELECT COUNT(*) FROM api_tokens WHERE role = $admin AND revoked_at IS NULL AND id <> $id AND (expires_at IS NULL OR expires_at > $now)",
                    ("$admin", (int)ApiRole.Admin), ("$id", token.Id), ("$now", context.NowMs)) == 0)
            {
                throw new FailedPreconditionException(
                    $"\"{name}\" is the last admin token: nobody could manage the controller without it; create another admin token first");
            }
            context.Execute("UPDATE api_tokens SET revoked_at = $at, revision = $revision WHERE id = $id",
                ("$at", context.NowMs), ("$revision", context.Revision), ("$id", token.Id));
            context.AddEvent(new NewEvent("token-revoked", $"API token {name} revoked by {actor}", Actor: actor));
            return token;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<ApiTokenIdentity?> ValidateApiTokenAsync(string presented, CancellationToken cancellationToken)
    {
        var id = SecretTokens.TryGetId(presented, SecretTokens.ApiTokenPrefix);
        if (id is null)
        {
            return Task.FromResult<ApiTokenIdentity?>(null);
        }
        return ReadAsync(session =>
        {
            var row = session.QuerySingle(
                $"SELECT hash, {TokenColumns} FROM api_tokens WHERE id = $id AND revoked_at IS NULL",
                r => Tuple.Create((byte[])r[0], ReadToken(r, 1)),
                ("$id", id));
            return row is not null && SecretTokens.Matches(presented, row.Item1) ? row.Item2 : null;
        }, cancellationToken);
    }

    private static ApiTokenIdentity ReadToken(Microsoft.Data.Sqlite.SqliteDataReader r) => ReadToken(r, 0);

    private static ApiTokenIdentity ReadToken(Microsoft.Data.Sqlite.SqliteDataReader r, int first) => new(
        r.GetString(first),
        r.GetString(first + 1),
        (ApiRole)r.GetInt32(first + 2),
        StoreJson.ReadList(r.GetString(first + 3)).ToHashSet(StringComparer.Ordinal),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 4)),
        r.IsDBNull(first + 5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(first + 5)));
}
