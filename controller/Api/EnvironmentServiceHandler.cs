using Codemason.Controller.Auth;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Tls;
using Grpc.Core;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.EnvironmentService</c>: environments, their settings, join tokens and host policies.</summary>
public sealed class EnvironmentServiceHandler(IEnvironmentStore store, ControllerTls tls, AgentConnections? connections = null) : EnvironmentService.EnvironmentServiceBase
{
    public override Task<Proto.V1.Environment> SetEnvironmentPolicy(SetEnvironmentPolicyRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        var policy = request.Policy ?? new HostPolicy();
        var invalid = policy.AllowedBindPaths.Where(p => HostPolicyRules.Normalise(p) is null).ToList();
        if (invalid.Count > 0)
        {
            throw new InvalidRequestException($"allowed bind paths must be absolute: {string.Join(", ", invalid)}");
        }
        var rules = new HostPolicyRules(environment, policy.AllowPrivileged, [.. policy.AllowedBindPaths.Select(p => HostPolicyRules.Normalise(p)!)]);
        var updated = await store.SetHostPolicyAsync(rules, context.GetCaller().Name, context.CancellationToken);
        // Agents enforce the policy again before creating a container: give them the new one now.
        connections?.RequestCompleteForEnvironment(environment);
        return updated;
    });

    public override Task<CreateEnvironmentResponse> CreateEnvironment(CreateEnvironmentRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var created = await store.CreateEnvironmentAsync(RequestValidation.EnvironmentNameOf(request.Name), context.CancellationToken);
        var environment = request.RequireApproval
            ? await store.SetRequireApprovalAsync(created.Environment.Name, requireApproval: true, context.CancellationToken)
            : created.Environment;
        return new CreateEnvironmentResponse { Environment = environment, JoinToken = created.JoinToken };
    });

    public override Task<ListEnvironmentsResponse> ListEnvironments(ListEnvironmentsRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var listing = await store.ListEnvironmentsAsync(context.CancellationToken);
        var caller = context.GetCaller();
        return new ListEnvironmentsResponse { Environments = { listing.Items.Where(e => caller.Covers(e.Name)) }, StoreRevision = (ulong)listing.StoreRevision };
    });

    public override Task<Proto.V1.Environment> UpdateEnvironment(UpdateEnvironmentRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Name, "name");
        if (!request.HasRequireApproval)
        {
            return await store.GetEnvironmentAsync(environment, context.CancellationToken)
                ?? throw new NotFoundException($"environment \"{environment}\" does not exist");
        }
        return await store.SetRequireApprovalAsync(environment, request.RequireApproval, context.CancellationToken);
    });

    public override Task<IssueJoinTokenResponse> IssueJoinToken(IssueJoinTokenRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        if (await store.GetEnvironmentAsync(environment, context.CancellationToken) is null)
        {
            throw new NotFoundException($"environment \"{environment}\" does not exist");
        }
        var lifetime = request.Ttl is null ? JoinTokenLimits.DefaultLifetime : request.Ttl.ToTimeSpan();
        if (request.MaxUses > int.MaxValue)
        {
            throw new InvalidRequestException($"max_uses must be at most {int.MaxValue}");
        }
        var issued = await store.IssueJoinTokenAsync(environment, request.Rotate, new JoinTokenLimits(lifetime, (int)request.MaxUses), context.CancellationToken);
        return new IssueJoinTokenResponse
        {
            JoinToken = issued.Token,
            CaFingerprint = tls.PinnedFingerprint?.ToString() ?? "",
            ExpiresAt = Timestamp.FromDateTimeOffset(issued.ExpiresAt),
            MaxUses = (uint)issued.MaxUses,
        };
    });
}
