using System.Net;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Codemason.Edge.Hosting;

/// <summary>
/// The edge's listening sockets, as configured and (once the server started) as bound: a port 0 becomes the one
/// the system chose. Each connection is tagged with its listener's kind, so <c>/metrics</c> is served only on
/// the metrics listener whatever its port.
/// </summary>
public sealed class EdgeListeners
{
    private static readonly object KindKey = new();
    private readonly List<(ListenerKind Kind, ListenOptions Options)> _listeners = [];

    /// <summary>The bound endpoints, in the order of the command line (http, https, metrics).</summary>
    public IReadOnlyList<(ListenerKind Kind, IPEndPoint EndPoint)> EndPoints =>
        _listeners.Select(listener => (listener.Kind, listener.Options.IPEndPoint!)).ToList();

    public int Port(ListenerKind kind) => EndPoints.First(listener => listener.Kind == kind).EndPoint.Port;

    internal void Add(ListenerKind kind, ListenOptions options)
    {
        options.Use(next => connection =>
        {
            connection.Items[KindKey] = kind;
            return next(connection);
        });
        _listeners.Add((kind, options));
    }

    internal static ListenerKind? KindOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(KindKey, out var kind) == true ? (ListenerKind)kind! : null;
}
