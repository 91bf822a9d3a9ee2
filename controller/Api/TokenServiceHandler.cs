using Codemason.Controller.Auth;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.TokenService</c>: issue, list and revoke API tokens (admin only, see <see cref="RpcPermissions"/>).</summary>
public sealed class TokenServiceHandler(ITokenStore store, TimeProvider time) : TokenService.TokenServiceBase
{
    /// <summary>Longest lifetime a token may be given: ten years (longer is "never", ttl 0).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(3650);

    public override Task<ApiToken> GetCurrentToken(GetCurrentTokenRequest request, ServerCallContext context) =>
        Task.FromResult(ToWire(context.GetCaller().Token));

    public override Task<CreateTokenResponse> CreateToken(CreateTokenRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var draft = DraftOf(request, context.GetCaller().Name, time.GetUtcNow());
        var issued = await store.CreateApiTokenAsync(draft, context.CancellationToken);
        return new CreateTokenResponse { Token = ToWire(issued.Token), Secret = issued.Secret };
    });

    public override Task<ListTokensResponse> ListTokens(ListTokensRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var tokens = await store.ListApiTokensAsync(context.CancellationToken);
        return new ListTokensResponse { Tokens = { tokens.Select(ToWire) } };
    });

    public override Task<RevokeTokenResponse> RevokeToken(RevokeTokenRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var name = RequestValidation.Required(request.Name, "name");
        var revoked = await store.RevokeApiTokenAsync(name, context.GetCaller().Name, context.CancellationToken);
        return new RevokeTokenResponse { Token = ToWire(revoked) };
    });

    /// <summary>The token a request asks for, with every field checked.</summary>
    internal static ApiTokenDraft DraftOf(CreateTokenRequest request, string actor, DateTimeOffset now)
    {
        var name = RequestValidation.Required(request.Name, "name");
        if (!NameRules.IsName(name))
        {
            throw new InvalidRequestException($"token name \"{name}\" is invalid: {NameRules.NameRule}");
        }
        var role = ApiRoles.FromWire(request.Role) ?? throw new InvalidRequestException("role must be admin, deployer or viewer");
        var environments = request.Environments.Select(RequestValidation.EnvironmentNameOf).ToArray();
        if (role == ApiRole.Admin && environments.Length > 0)
        {
            throw new InvalidRequestException("an admin token acts in every environment: give no environments, or choose the deployer or viewer role");
        }
        if (role != ApiRole.Admin && environments.Length == 0)
        {
            throw new InvalidRequestException($"a {ApiRoles.Format(role)} token needs at least one environment (--env)");
        }
        if (request.TtlSeconds > (ulong)MaxLifetime.TotalSeconds)
        {
            throw new InvalidRequestException("the lifetime is longer than ten years; give 0 for a token that never expires");
        }
        DateTimeOffset? expires = request.TtlSeconds == 0 ? null : now.AddSeconds(request.TtlSeconds);
        return new ApiTokenDraft(name, role, environments, expires, actor);
    }

    /// <summary>The API form of a token (never its secret).</summary>
    internal static ApiToken ToWire(ApiTokenIdentity token)
    {
        var wire = new ApiToken
        {
            Name = token.Name,
            Role = ApiRoles.ToWire(token.Role),
            Environments = { token.Environments.Order(StringComparer.Ordinal) },
            CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(token.CreatedAt),
            Id = token.Id,
        };
        if (token.ExpiresAt is { } expires)
        {
            wire.ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(expires);
        }
        return wire;
    }
}
