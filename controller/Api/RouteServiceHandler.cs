using Codemason.Controller.Edge;
using Codemason.Controller.Networking;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Grpc.Core;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Api;

/// <summary><c>codemason.v1.RouteService</c>: the routes of an environment's edges, as the edge publisher builds them.</summary>
public sealed class RouteServiceHandler(IEdgeStore store, IOptions<EdgeOptions> options) : RouteService.RouteServiceBase
{
    public override Task<ListRoutesResponse> ListRoutes(ListRoutesRequest request, ServerCallContext context) => ApiCall.RunAsync(async () =>
    {
        var environment = RequestValidation.Required(request.Environment, "environment");
        var app = RequestValidation.Optional(request.App);
        var snapshot = await store.GetEdgeSnapshotAsync(environment, context.CancellationToken);
        var routes = RouteTable.Build(snapshot);
        var names = snapshot.Nodes.ToDictionary(n => n.Id, n => n.Name);
        var response = new ListRoutesResponse();
        if (routes.Count > 0)
        {
            response.EdgeNodes.Add(snapshot.Nodes.Where(n => n.RunsEdge).Select(n => n.Name).Order(StringComparer.Ordinal));
        }
        foreach (var route in routes.Where(r => app is null || r.Owner == app || r.Spec.TargetApp.Value == app))
        {
            var info = new RouteInfo
            {
                Host = route.Spec.Host,
                Path = route.Spec.Path,
                Port = (uint)EdgeMessage.HostPort(route.Spec, options.Value),
                Https = route.Spec.Protocol == Mortar.Model.RouteProtocol.Https,
                Sticky = route.Spec.Sticky,
                Owner = route.Owner,
                App = route.Spec.TargetApp.Value,
                Service = route.Spec.TargetService.Value,
                TargetPort = (uint)route.Spec.TargetPort,
            };
            info.Replicas.Add(route.Destinations.Select(r => new RouteReplica
            {
                Replica = r.Id,
                Node = names.GetValueOrDefault(r.Node, r.Node.Value),
                Address = r.Address is { } address ? Ipv4Subnet.Format(address) : "",
            }));
            response.Routes.Add(info);
        }
        return response;
    });
}
