using Codemason.Controller.Auth;
using Codemason.Controller.Errors;
using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Grpc.Core;
using Codemason.Proto.V1;
using NodeStateWire = Codemason.Controller.Nodes.NodeStateWire;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.NodeService</c>: list, inspect, cordon/drain and remove nodes.</summary>
public sealed class NodeServiceHandler(INodeStore store, IReconciler reconciler) : NodeService.NodeServiceBase
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
        if (node.Status == NodeStatus.Ready)
        {
            throw new FailedPreconditionException($"node {node.Hostname} ({node.Id}) is Ready; stop its agent (or wait until it is Down) before removing it");
        }
        var revision = await store.RemoveNodeAsync(NodeId.Parse(node.Id), context.CancellationToken);
        await reconciler.ReconcileAsync(ReconcileTarget.ForEnvironment(node.Environment), context.CancellationToken);
        return new RemoveNodeResponse { StoreRevision = (ulong)revision };
    });

    private async Task<Node> FindAsync(string? idOrHostname, CancellationToken cancellationToken)
    {
        var key = RequestValidation.Required(idOrHostname, "node");
        return await store.GetNodeAsync(key, cancellationToken) ?? throw new NotFoundException($"no node has the id or host name \"{key}\"");
    }
}
