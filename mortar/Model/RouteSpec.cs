namespace Codemason.Mortar.Model;

/// <summary>
/// One route of the environment's edge proxy: requests for <see cref="Host"/> (and a path under <see cref="Path"/>)
/// arriving on <see cref="Port"/> go to the replicas of <see cref="TargetApp"/>/<see cref="TargetService"/> on
/// <see cref="TargetPort"/>. A <c>"type": "loadbalancer"</c> file's <c>targets</c> and a service's <c>domains</c>
/// both become routes (docs/edge.md).
/// </summary>
/// <param name="Host">The hostname, lower case, without a port (e.g. <c>shop.example.com</c>).</param>
/// <param name="Path">The path prefix, starting with <c>/</c>; <c>/</c> matches every path.</param>
/// <param name="Protocol">How the edge serves it: plain HTTP, or HTTPS with a certificate (and HTTP redirected).</param>
/// <param name="Port">The edge's listening port (80 for HTTP and 443 for HTTPS unless the file says otherwise).</param>
/// <param name="TargetApp">The app of the target service: the file's own app for <c>domains</c>.</param>
/// <param name="TargetService">The target service.</param>
/// <param name="TargetPort">The container port the replicas listen on.</param>
public sealed record RouteSpec(
    string Host,
    string Path,
    RouteProtocol Protocol,
    int Port,
    AppName TargetApp,
    ServiceName TargetService,
    int TargetPort)
{
    /// <summary>Requests of one client stick to one replica (a cookie set by the edge); default off.</summary>
    public bool Sticky { get; init; }
}
