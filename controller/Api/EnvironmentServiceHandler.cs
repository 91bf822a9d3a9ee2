using Codemason.Controller.Auth;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Tls;
using Grpc.Core;
using Codemason.Proto.V1;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.EnvironmentService</c>: environments and their join tokens.</summary>
public sealed class EnvironmentServiceHandler(IEnvironmentStore store, ControllerTls tls) : EnvironmentService.EnvironmentServiceBase
{
    public override Task<CreateEnvironmentResponse> CreateEnvironment(CreateEnvironmentRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var created = await store.CreateEnvironmentAsync(RequestValidation.EnvironmentNameOf(request.Name), context.CancellationToken);
        return new CreateEnvironmentResponse { Environment = created.Environment, JoinToken = created.JoinToken };
    });

    public override Task<ListEnvironmentsResponse> ListEnvironments(ListEnvironmentsRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var listing = await store.ListEnvironmentsAsync(context.CancellationToken);
        var caller = context.GetCaller();
        return new ListEnvironmentsResponse { Environments = { listing.Items.Where(e => caller.Covers(e.Name)) }, StoreRevision = (ulong)listing.StoreRevision };
    });

    public override Task<IssueJoinTokenResponse> IssueJoinToken(IssueJoinTokenRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        if (await store.GetEnvironmentAsync(environment, context.CancellationToken) is null)
        {
            throw new NotFoundException($"environment \"{environment}\" does not exist");
        }
        return new IssueJoinTokenResponse
        {
            JoinToken = await store.IssueJoinTokenAsync(environment, request.Rotate, context.CancellationToken),
            CaFingerprint = tls.PinnedFingerprint?.ToString() ?? "",
        };
    });
}
