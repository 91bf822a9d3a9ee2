using System.Security.Cryptography;
using System.Text;
using Codemason.Controller.Networking;
using Codemason.Mortar.Model;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Controller.Edge;

/// <summary>
/// What a node must make of its environment's edge (pure): an <see cref="EdgeServer"/> when the environment has routes
/// and the node is an edge node (<see cref="EdgeNode.RunsEdge"/>), none otherwise. mason.json's ports 80 and 443 become
/// <see cref="EdgeOptions.HttpPort"/> and <see cref="EdgeOptions.HttpsPort"/>; a replica's address is sent only when its
/// node is on the overlay (docs/networking.md), so an edge reaches it from any node. The certificates of the https
/// routes' hosts go with the routes (keys included: only edge nodes get a server) and are part of its routes version, as
/// are the ACME HTTP-01 answers of the controller's open orders, so that agents rewrite edge.json when either changes.
/// Every edge node of an environment runs the same server, so a pass builds it once (<see cref="Server"/>) and gives
/// it to each node (<see cref="For"/>).
/// </summary>
public static class EdgeMessage
{
    /// <summary>The message for <paramref name="node"/>: <paramref name="server"/> when the node is an edge node, else none.</summary>
    public static EnvironmentEdge For(EdgeSnapshot snapshot, EdgeServer? server, NodeId node)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var message = new EnvironmentEdge { Environment = snapshot.Environment };
        if (server is not null && snapshot.Nodes.FirstOrDefault(n => n.Id == node) is { RunsEdge: true })
        {
            message.Server = server;
        }
        return message;
    }

    /// <summary>What every edge node of the environment runs; null when the environment has no routes.</summary>
    public static EdgeServer? Server(EdgeSnapshot snapshot, IReadOnlyList<RouteEntry> routes, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentNullException.ThrowIfNull(options);
        if (routes.Count == 0)
        {
            return null;
        }
        var overlay = snapshot.Nodes.Where(n => NetworkMessage.CanJoin(n.AdvertiseAddress)).Select(n => n.Id).ToHashSet();
        var server = new EdgeServer
        {
            Image = options.Image,
            HttpPort = (uint)options.HttpPort,
            HttpsPort = (uint)options.HttpsPort,
            MetricsPort = (uint)options.MetricsPort,
        };
        foreach (var route in routes)
        {
            var edgeRoute = new EdgeRoute
            {
                Id = route.Id,
                Host = route.Spec.Host,
                Path = route.Spec.Path,
                Port = (uint)HostPort(route.Spec, options),
                Https = route.Spec.Protocol == RouteProtocol.Https,
                Sticky = route.Spec.Sticky,
                App = route.Spec.TargetApp.Value,
                Service = route.Spec.TargetService.Value,
                TargetPort = (uint)route.Spec.TargetPort,
            };
            edgeRoute.Destinations.Add(route.Destinations.Select(r => new EdgeDestination
            {
                Replica = r.Id,
                Address = r.Address is { } address && overlay.Contains(r.Node) ? Ipv4Subnet.Format(address) : "",
                Node = r.Node.Value,
            }));
            server.Routes.Add(edgeRoute);
        }
        var extra = server.Routes.Where(r => r.Port != server.HttpPort && r.Port != server.HttpsPort).ToList();
        server.ExtraHttpPorts.Add(extra.Where(r => !r.Https).Select(r => r.Port).Distinct().Order());
        server.ExtraHttpsPorts.Add(extra.Where(r => r.Https).Select(r => r.Port).Distinct().Order());
        server.SpecHash = Hash(string.Join('\n',
            server.Image, server.HttpPort, server.HttpsPort, server.MetricsPort,
            string.Join(',', server.ExtraHttpPorts), string.Join(',', server.ExtraHttpsPorts)));
        server.Certificates.Add(Certificates(snapshot.Certificates, server.Routes.Where(r => r.Https).Select(r => r.Host)));
        server.Challenges.Add(snapshot.Challenges
            .DistinctBy(c => c.Token, StringComparer.Ordinal)
            .OrderBy(c => c.Token, StringComparer.Ordinal)
            .Select(c => new EdgeChallenge { Token = c.Token, KeyAuthorization = c.KeyAuthorization }));
        var versioned = new EdgeServer();
        versioned.Routes.Add(server.Routes);
        versioned.Certificates.Add(server.Certificates);
        versioned.Challenges.Add(server.Challenges);
        server.RoutesVersion = Hash(versioned.ToByteArray());
        return server;
    }

    /// <summary>
    /// The stored certificates the https hosts use, as the edge chooses by SNI: the host's own, else a wildcard one level
    /// up. A certificate stored for several hosts is sent once, listing the hosts it is used for; others are not sent.
    /// </summary>
    private static IEnumerable<EdgeCertificate> Certificates(IReadOnlyList<EdgeHostCertificate> stored, IEnumerable<string> httpsHosts)
    {
        var byHost = stored.ToDictionary(c => c.Host, StringComparer.OrdinalIgnoreCase);
        var used = new HashSet<EdgeHostCertificate>();
        foreach (var host in httpsHosts)
        {
            var dot = host.IndexOf('.', StringComparison.Ordinal);
            if (byHost.TryGetValue(host, out var exact))
            {
                used.Add(exact);
            }
            else if (dot > 0 && byHost.TryGetValue("*" + host[dot..], out var wildcard))
            {
                used.Add(wildcard);
            }
        }
        return used
            .GroupBy(c => (c.CertificatePem, c.KeyPem))
            .Select(g =>
            {
                var certificate = new EdgeCertificate { CertificatePem = g.Key.CertificatePem, KeyPem = g.Key.KeyPem };
                certificate.Hosts.Add(g.Select(c => c.Host).Order(StringComparer.Ordinal));
                return certificate;
            })
            .OrderBy(c => c.Hosts[0], StringComparer.Ordinal);
    }

    /// <summary>The host port a route is served on: 80 and 443 are the edge's HTTP and HTTPS ports, others are as written.</summary>
    public static int HostPort(RouteSpec spec, EdgeOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);
        return spec.Port switch
        {
            EdgeOptions.DefaultHttpPort => options.HttpPort,
            EdgeOptions.DefaultHttpsPort => options.HttpsPort,
            _ => spec.Port,
        };
    }

    private static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));

    private static string Hash(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
}
