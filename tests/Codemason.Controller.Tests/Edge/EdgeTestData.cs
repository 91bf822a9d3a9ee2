using Codemason.Controller.Edge;
using Codemason.Controller.Networking;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Edge;

/// <summary>Routes, nodes and replicas for the edge's pure tests.</summary>
internal static class EdgeTestData
{
    public static readonly NodeId NodeA = NodeId.Parse("aaaaaaaaaaaaaaaa");
    public static readonly NodeId NodeB = NodeId.Parse("bbbbbbbbbbbbbbbb");
    public static readonly NodeId Local = NodeId.Parse("cccccccccccccccc");

    public static RouteSpec Route(string host, string app, string service, int targetPort = 8080, string path = "/",
        RouteProtocol protocol = RouteProtocol.Http, int port = 80) =>
        new(host, path, protocol, port, new AppName(app), new ServiceName(service), targetPort);

    public static EdgeReplica Replica(string app, string service, int index, NodeId node, string? address) =>
        new($"dev/{app}/{service}#{index}", app, service,
            address is null ? null : Ipv4Subnet.TryParseAddress(address, out var parsed) ? parsed : throw new FormatException(address), node);

    public static IReadOnlyList<EdgeNode> EdgeNodes(params (NodeId Id, string Address, string? EdgeLabel)[] nodes) =>
        [.. nodes.Select(n => new EdgeNode(n.Id, n.Id.Value, n.Address,
            n.EdgeLabel is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["edge"] = n.EdgeLabel }))];
}
