using Codemason.Proto.V1;

namespace Codemason.Agent.Edge;

/// <summary>
/// The edge proxy this node must run for its environment: the <see cref="EdgeServer"/> of an <see cref="EnvironmentEdge"/>.
/// <see cref="SpecHash"/> stands for the container (image and ports), <see cref="RoutesVersion"/> for the routes.
/// </summary>
/// <param name="Environment">The environment whose routes it serves.</param>
/// <param name="Server">The controller's message: image, ports, routes.</param>
public sealed record EdgeDeployment(string Environment, EdgeServer Server)
{
    /// <summary>The controller's hash of the image and the ports; a container with another one is recreated.</summary>
    public string SpecHash => Server.SpecHash;

    /// <summary>The controller's hash of the routes; the edge is given them again when it last got another.</summary>
    public string RoutesVersion => Server.RoutesVersion;

    /// <summary>
    /// Whether a destination has no overlay address, so this node's edge reaches it (when it runs here) at its container
    /// address, which the agent looks up and which changes when the container does.
    /// </summary>
    public bool UsesLocalAddresses => Server.Routes.Any(r => r.Destinations.Any(d => d.Address.Length == 0));

    /// <summary>
    /// What <paramref name="message"/> asks this node to run: null when it runs no edge. A server without image, spec hash
    /// or routes version, or with a port outside 1–65535: <see cref="ArgumentException"/>.
    /// </summary>
    public static EdgeDeployment? From(EnvironmentEdge message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Server is not { } server)
        {
            return null;
        }
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(server.Image))
        {
            problems.Add("no image");
        }
        foreach (var port in new[] { server.HttpPort, server.HttpsPort }.Concat(server.ExtraHttpPorts).Concat(server.ExtraHttpsPorts))
        {
            if (port is 0 or > 65535)
            {
                problems.Add($"port {port} is not 1-65535");
            }
        }
        if (server.MetricsPort > 65535)
        {
            problems.Add($"metrics port {server.MetricsPort} is not 0-65535");
        }
        if (string.IsNullOrWhiteSpace(server.SpecHash) || string.IsNullOrWhiteSpace(server.RoutesVersion))
        {
            problems.Add("no spec hash or routes version");
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException($"edge of environment {message.Environment}: {string.Join(", ", problems)}", nameof(message));
        }
        return new EdgeDeployment(message.Environment, server);
    }

    /// <summary>Short, for logs.</summary>
    public override string ToString() =>
        $"edge {Environment} {Server.Image} :{Server.HttpPort}/:{Server.HttpsPort} hash={SpecHash} routes={Server.Routes.Count}@{RoutesVersion}";
}
