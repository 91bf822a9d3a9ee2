using Codemason.Controller.Auth;
using Codemason.Controller.Dispatch;
using Codemason.Controller.Errors;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Grpc.Core;
using Codemason.Proto.V1;
using NodeStateWire = Codemason.Controller.Nodes.NodeStateWire;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.NodeService</c>: list, inspect, cordon/drain, approve, rotate credentials of and remove nodes.</summary>
public sealed class NodeServiceHandler(INodeStore store, IReconciler reconciler, AgentConnections connections, CredentialRotator rotator)
    : NodeService.NodeServiceBase
{
    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var listing = await store.ListNodesAsync(RequestValidation.Optional(request.Environment), context.CancellationToken);
        var caller = context.GetCaller();
        return new ListNodesResponse { Nodes = { listing.Items.Where(n => caller.Covers(n.Environment)) }, StoreRevision = (ulong)listing.StoreRevision };
    });

    public override Task<Node> GetNode(GetNodeRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var node = await FindAsync(request.Node, context.CancellationToken);
        var caller = context.GetCaller();
        return caller.Covers(node.Environment)
            ? node
            : throw new PermissionDeniedException($"{caller.Describe()} may not call GetNode in environment \"{node.Environment}\"");
    });

    public override Task<Node> SetNodeAvailability(SetNodeAvailabilityRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var node = await FindAsync(request.Node, context.CancellationToken);
        var availability = NodeStateWire.ToAvailability(request.Availability)
            ?? throw new InvalidRequestException("availability must be ACTIVE, CORDONED or DRAINED");
        var updated = await store.SetNodeAvailabilityAsync(NodeId.Parse(node.Id), availability, context.CancellationToken);
        // Draining moves replicas away; re-activating lets pending replicas land here. A failed pass is retried by the loop.
        await reconciler.ReconcileAsync(ReconcileTarget.ForEnvironment(updated.Environment), context.CancellationToken);
        return await store.GetNodeAsync(updated.Id, context.CancellationToken) ?? updated;
    });

    public override Task<RemoveNodeResponse> RemoveNode(RemoveNodeRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var node = await FindAsync(request.Node, context.CancellationToken);
        var id = NodeId.Parse(node.Id);
        if (!request.Force && (node.Status == NodeStatus.Ready || connections.Get(id) is not null))
        {
            throw new FailedPreconditionException(
                $"node {node.Hostname} ({node.Id}) is connected; stop its agent (or wait until it is Down) before removing it, or remove it with --force");
        }
        // Credential first: once the row is gone no Hello of this node is accepted, so the session closed next cannot come back.
        var revision = await store.RemoveNodeAsync(id, context.CancellationToken);
        connections.Get(id)?.Close("credential-revoked", $"node {node.Hostname} ({node.Id}) was removed from the controller; its credential no longer works");
        await reconciler.ReconcileAsync(ReconcileTarget.ForEnvironment(node.Environment), context.CancellationToken);
        return new RemoveNodeResponse { StoreRevision = (ulong)revision };
    });

    public override Task<Node> ApproveNode(ApproveNodeRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var node = await FindAsync(request.Node, context.CancellationToken);
        var approved = await store.ApproveNodeAsync(NodeId.Parse(node.Id), context.CancellationToken);
        // Pending replicas may land on it now. A failed pass is retried by the loop.
        await reconciler.ReconcileAsync(ReconcileTarget.ForEnvironment(approved.Environment), context.CancellationToken);
        return await store.GetNodeAsync(approved.Id, context.CancellationToken) ?? approved;
    });

    public override Task<RotateNodeCredentialResponse> RotateNodeCredential(RotateNodeCredentialRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var node = await FindAsync(request.Node, context.CancellationToken);
        var confirmed = await rotator.RotateAsync(NodeId.Parse(node.Id), CredentialRotator.DefaultConfirmationTimeout, context.CancellationToken);
        return new RotateNodeCredentialResponse
        {
            Node = await store.GetNodeAsync(node.Id, context.CancellationToken) ?? node,
            Confirmed = confirmed,
        };
    });

    private async Task<Node> FindAsync(string? idOrHostname, CancellationToken cancellationToken)
    {
        var key = RequestValidation.Required(idOrHostname, "node");
        return await store.GetNodeAsync(key, cancellationToken) ?? throw new NotFoundException($"no node has the id or host name \"{key}\"");
    }
}
